//! `diff`: the comparison of two meetings, as a terminal redline, JSON, Markdown or a stat.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Label, Settings, Styles, code_md, escape_md, sanitize, sanitize_line};
use crate::align::{Entry, Kind, Op, Rule, Side, Span, Stats};
use crate::themes::{Mentions, TaggedEntry, ThemedDiff};
use rayon::prelude::*;

/// What to show of unchanged paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Each on one folded line.
    Folded,
    /// In full within this many paragraphs of a change, folded elsewhere.
    Around(usize),
    /// All in full.
    Full,
}

/// Writes the diff as JSON (`communique.diff/1`).
pub fn json(out: &mut dyn Write, diff: &ThemedDiff) -> io::Result<()> {
    super::json::write(out, diff)
}

/// Writes the terminal redline: a header, then every paragraph in the new meeting's order.
/// Entries with theme mentions ([`ThemedDiff::highlight`]) have them highlighted inside the
/// redline (in color only: markers would break the `[-…-]{+…+}` pieces apart).
pub fn text(out: &mut dyn Write, diff: &ThemedDiff, context: Context, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    writeln!(out, "{} {}", s.paint(Label::DiffHeader, "---"), side_line(&diff.old, settings))?;
    writeln!(out, "{} {}", s.paint(Label::DiffHeader, "+++"), side_line(&diff.new, settings))?;
    if let Some(line) = super::signals::watched_line(&diff.watched, &diff.new.id, settings) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = filter_line(diff) {
        writeln!(out, "{}", s.paint(Label::Meta, line))?;
    }
    let shown = full_entries(diff, context);
    // Each entry, whether it is shown in full, and whether it begins a run of folded lines
    // (set off by a blank line, as a block shown in full is).
    let mut jobs: Vec<(&TaggedEntry, bool, bool)> = Vec::with_capacity(shown.len());
    let mut folded_before = false;
    for (tagged, full) in diff.paragraphs.iter().zip(shown) {
        let folded = !full && !tagged.entry.is_change();
        jobs.push((tagged, full, folded && !folded_before));
        folded_before = folded;
    }
    // Entries are written on their own (on every core for a long diff), then in order.
    let block = |&(tagged, full, opens): &(&TaggedEntry, bool, bool)| {
        let mut block = String::new();
        let _ = entry_block(&mut block, tagged, full, opens, settings);
        block
    };
    // (A folded line costs next to nothing: only entries shown in full are worth a thread.)
    if jobs.iter().filter(|(tagged, full, _)| *full || tagged.entry.is_change()).count() < PARALLEL_FROM {
        // One buffer for all the entries, not one grown anew for each.
        let mut block = String::new();
        for &(tagged, full, opens) in &jobs {
            block.clear();
            let _ = entry_block(&mut block, tagged, full, opens, settings);
            out.write_all(block.as_bytes())?;
        }
    } else {
        // In slices, so that a long diff is not held twice in memory.
        for slice in jobs.chunks(PARALLEL_FROM * 16) {
            let blocks: Vec<String> = slice.par_iter().map(block).collect();
            for b in blocks {
                out.write_all(b.as_bytes())?;
            }
        }
    }
    if !diff.has_changes() {
        writeln!(out, "\n{}", s.paint(Label::Meta, no_changes_line(diff)))?;
    }
    Ok(())
}

/// What to say when no change is shown: that the meetings are the same, or, under a theme
/// filter, that they differ only where the themes are not.
fn no_changes_line(diff: &ThemedDiff) -> String {
    match &diff.filter {
        Some(filter) if diff.stats.any_change() => format!(
            "No changed paragraph touches {}; the meetings differ elsewhere (drop --theme to see it).",
            sanitize_line(&filter.themes.join(", "))
        ),
        _ => "No differences.".to_string(),
    }
}

/// Below this many entries the redline is written on the calling thread (the value of
/// `text::par::PARALLEL_FROM`, which a renderer may not import: docs/DESIGN.md, "Layers").
const PARALLEL_FROM: usize = 256;

/// One entry of the terminal redline: its folded line, or a blank line, its heading, why
/// (when explained) and its redline.
fn entry_block(
    out: &mut String,
    tagged: &TaggedEntry,
    full: bool,
    opens_run: bool,
    settings: &Settings,
) -> std::fmt::Result {
    let s = &settings.styles;
    let entry = &tagged.entry;
    if !entry.is_change() && !full {
        if opens_run {
            writeln!(out)?;
        }
        folded_line(out, entry, settings);
        return Ok(());
    }
    let mentions = tagged.mentions.as_ref().filter(|_| !s.markers());
    writeln!(out)?;
    writeln!(out, "{}", heading(entry, settings))?;
    if let Some(why) = why_line(entry) {
        // Styled line by line: no escape sequence is left open across a line break.
        for line in super::wrap_labelled("    why: ", 9, &why, settings.width).lines() {
            writeln!(out, "{}", s.paint(Label::Meta, line))?;
        }
    }
    writeln!(out, "{}", redline(entry, settings, 4, mentions))
}

/// `Themes africa, iraq: 7 of 40 paragraph entries touch them; 33 left out.`
fn filter_line(diff: &ThemedDiff) -> Option<String> {
    let filter = diff.filter.as_ref()?;
    let kept = diff.paragraphs.len();
    let (noun, pronoun) = if filter.themes.len() == 1 { ("Theme", "it") } else { ("Themes", "them") };
    let entries = if kept + filter.left_out == 1 { "entry" } else { "entries" };
    Some(format!(
        "{noun} {}: {kept} of {} paragraph {entries} touch {pronoun}; {} left out.",
        sanitize_line(&filter.themes.join(", ")),
        kept + filter.left_out,
        filter.left_out
    ))
}

/// Writes a summary: one line per changed paragraph with words added and removed, then totals.
pub fn stat(out: &mut dyn Write, diff: &ThemedDiff, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    if let Some(line) = super::signals::watched_line(&diff.watched, &diff.new.id, settings) {
        writeln!(out, " {line}")?;
    }
    super::signals::figures_text(out, &diff.figures, settings)?;
    if let Some(line) = filter_line(diff) {
        writeln!(out, " {}", s.paint(Label::Meta, line))?;
    }
    let rows: Vec<(String, usize, usize)> = diff
        .paragraphs
        .iter()
        .filter(|tagged| tagged.entry.is_change())
        .map(|tagged| (label(&tagged.entry), tagged.words.0, tagged.words.1))
        .collect();
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    for (label, added, removed) in &rows {
        writeln!(
            out,
            " {label:<width$}  {} {}",
            s.paint(Label::DiffInsert, format!("+{added}")),
            s.paint(Label::DiffDelete, format!("-{removed}"))
        )?;
    }
    // The totals of what is shown; under a filter, the whole diff's after them, named so.
    let totals = |stats: &Stats, entries: usize| {
        format!(
            "{entries} paragraph{}: {}; {} word{} added, {} removed",
            if entries == 1 { "" } else { "s" },
            stats.parts().join(", "),
            stats.words_added,
            if stats.words_added == 1 { "" } else { "s" },
            stats.words_removed
        )
    };
    match &diff.filter {
        None => writeln!(out, " {}", totals(&diff.stats, diff.paragraphs.len()))?,
        Some(filter) => {
            writeln!(out, " shown: {}", totals(&diff.shown_stats(), diff.paragraphs.len()))?;
            let whole = diff.paragraphs.len() + filter.left_out;
            writeln!(
                out,
                " {}",
                s.paint(Label::Meta, format!("whole diff: {}", totals(&diff.stats, whole)))
            )?;
        }
    }
    Ok(())
}

/// Writes the diff as Markdown, deletions in `<del>` and insertions in `<ins>`.
pub fn markdown(out: &mut dyn Write, diff: &ThemedDiff) -> io::Result<()> {
    writeln!(out, "# {} → {}\n", escape_md(&diff.old.id), escape_md(&diff.new.id))?;
    for side in [&diff.old, &diff.new] {
        let mut line = format!("- `{}`", code_md(&side.id));
        if let Some(date) = side.date {
            let _ = write!(line, " · {}", date.format("%-d %B %Y"));
        }
        if let Some(title) = &side.title {
            let _ = write!(line, " · {}", escape_md(title));
        }
        writeln!(out, "{line}")?;
    }
    if let Some(line) = filter_line(diff) {
        writeln!(out, "\n{}", escape_md(&line))?;
    }
    let (watched, figures) = super::signals::plain_lines(&diff.watched, &diff.new.id, &diff.figures);
    if let Some(line) = watched {
        writeln!(out, "\n{}", escape_md(&line))?;
    }
    if !figures.is_empty() {
        writeln!(out, "\nFigures that changed:\n")?;
        for line in figures {
            writeln!(out, "- {}", escape_md(&line))?;
        }
    }
    let st = &diff.stats;
    writeln!(
        out,
        "\n{} modified, {} inserted, {} deleted, {} split, {} merged, {} moved, {} unchanged.",
        st.modified, st.inserted, st.deleted, st.split, st.merged, st.moved, st.unchanged
    )?;
    for entry in diff.paragraphs.iter().map(|tagged| &tagged.entry).filter(|e| e.is_change()) {
        writeln!(out, "\n**{}**\n", escape_md(&label(entry)))?;
        if let Some(why) = why_line(entry) {
            writeln!(out, "*Why: {}*\n", escape_md(&why))?;
        }
        writeln!(out, "{}", markdown_redline(entry))?;
    }
    Ok(())
}

/// An entry's redline in Markdown: deletions in `<del>`, insertions in `<ins>`, a paragraph
/// break inside a change as ` ¶ `.
pub(crate) fn markdown_redline(entry: &Entry) -> String {
    markdown_spans(&entry.spans)
}

/// A redline in Markdown: deletions in `<del>`, insertions in `<ins>`.
pub(crate) fn markdown_spans(spans: &[Span]) -> String {
    let mut body = String::new();
    for span in spans {
        let pieces: Vec<String> = span.text.split("\n\n").map(escape_md).collect();
        let text = pieces.join(" ¶ ");
        match span.op {
            Op::Equal => body.push_str(&text),
            Op::Delete => {
                let _ = write!(body, "<del>{text}</del>");
            }
            Op::Insert => {
                let _ = write!(body, "<ins>{text}</ins>");
            }
        }
        if let Some(note) = super::moved_note(span) {
            let _ = write!(body, " *({note})* ");
        }
    }
    body
}

pub(crate) fn side_line(side: &Side, settings: &Settings) -> String {
    let mut line = settings.styles.canvas();
    line.paint(Label::MeetingId, &sanitize_line(&side.id));
    // An earlier text of the meeting is told apart by its commit, as git abbreviates it.
    if let Some(revision) = &side.revision {
        line.paint(Label::Meta, &format!("@{}", &revision[..revision.len().min(7)]));
    }
    // The date, unless the id says it already (`fomc/2024-01-31`).
    if let Some(date) = side.date.and_then(|d| super::date_beside(&side.id, d)) {
        line.paint(Label::Meta, " · ");
        line.paint(Label::Meta, &date);
    }
    if let Some(place) = &side.place {
        line.paint(Label::Meta, " · ");
        line.paint(Label::Meta, &sanitize_line(place));
    }
    line.finish()
}

/// Which entries are shown in full: changes always, unchanged ones by `context`.
fn full_entries(diff: &ThemedDiff, context: Context) -> Vec<bool> {
    let n = diff.paragraphs.len();
    match context {
        Context::Full => vec![true; n],
        Context::Folded => diff.paragraphs.iter().map(|e| e.entry.is_change()).collect(),
        Context::Around(k) => {
            let mut full = vec![false; n];
            for (i, e) in diff.paragraphs.iter().enumerate() {
                if e.entry.is_change() {
                    // `k` is the user's `--context`: any size, so no plain `+`.
                    let end = i.saturating_add(k).saturating_add(1).min(n);
                    for f in full.iter_mut().take(end).skip(i.saturating_sub(k)) {
                        *f = true;
                    }
                }
            }
            full
        }
    }
}

/// `¶3`, `¶3–¶4`, `¶3, ¶5`.
pub(crate) fn numbers(list: &[usize]) -> String {
    let mut out = String::new();
    push_numbers(&mut out, list);
    out
}

/// Appends [`numbers`] of `list` to `out`.
fn push_numbers(out: &mut String, list: &[usize]) {
    let consecutive = list.windows(2).all(|w| w[1] == w[0] + 1);
    let _ = match list {
        [] => Ok(()),
        [one] => write!(out, "¶{one}"),
        [first, .., last] if consecutive => write!(out, "¶{first}–¶{last}"),
        _ => list
            .iter()
            .enumerate()
            .try_for_each(|(i, n)| write!(out, "{}¶{n}", if i > 0 { ", " } else { "" })),
    };
}

/// Why an entry's paragraphs were paired or left alone (`diff --explain`), in one line:
/// `paired by similarity; weighted similarity 0.31; rarest shared words: pace, slowed`.
pub(crate) fn why_line(entry: &Entry) -> Option<String> {
    let why = entry.why.as_ref()?;
    // A paragraph paired by comparison key whose text did not change at all (it moved, or
    // stood among duplicates) is identical, not "the same but for typography".
    let rule =
        if why.rule == Rule::SameKey && entry.kind == Kind::Unchanged { Rule::Identical } else { why.rule };
    let mut line = rule.describe().to_string();
    let (theirs, mine) = if entry.kind == Kind::Inserted { ("old", "new") } else { ("new", "old") };
    match &why.closest {
        Some(c) if c.paired_with.is_empty() => {
            let _ = write!(
                line,
                ": the closest, {theirs} ¶{}, scores {:.3} (pairing needs {:.2})",
                c.paragraph, c.score, c.needed
            );
        }
        Some(c) => {
            let _ = write!(
                line,
                ": the closest, {theirs} ¶{} (score {:.3}), is paired with {mine} {}",
                c.paragraph,
                c.score,
                numbers(&c.paired_with)
            );
        }
        None if why.rule == Rule::Unpaired => {
            line.push_str(": no paragraph of the other side shares its rarer words");
        }
        None => {}
    }
    if matches!(why.rule, Rule::Similar | Rule::InPlace | Rule::Pieces) {
        let _ = write!(line, "; weighted similarity {:.2}", why.similarity);
    }
    for piece in &why.pieces {
        let sentences = match piece.sentences.as_slice() {
            [] => "no sentence whole".to_string(),
            [one] => format!("sentence {one} whole"),
            list => format!(
                "sentences {} whole",
                list.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
            ),
        };
        let _ = write!(line, "; ¶{} carries {:.0}% ({sentences})", piece.paragraph, piece.contained * 100.0);
    }
    if !why.shared.is_empty() {
        let _ = write!(line, "; rarest shared words: {}", why.shared.join(", "));
    }
    Some(sanitize_line(&line).into_owned())
}

/// `¶4 → ¶5 modified, moved`, `+ ¶6 inserted`, `- ¶2 deleted`.
pub(crate) fn label(entry: &Entry) -> String {
    let moved = if entry.moved { ", moved" } else { "" };
    match entry.kind {
        Kind::Inserted => format!("+ {} inserted{moved}", numbers(&entry.new)),
        Kind::Deleted => format!("- {} deleted{moved}", numbers(&entry.old)),
        _ => format!("{} → {} {}{moved}", numbers(&entry.old), numbers(&entry.new), entry.kind_label()),
    }
}

fn heading(entry: &Entry, settings: &Settings) -> String {
    let s = &settings.styles;
    let (place, kind) = match entry.kind {
        Kind::Inserted => {
            (s.paint(Label::DiffInsert, format!("+ {}", numbers(&entry.new))).to_string(), "inserted")
        }
        Kind::Deleted => {
            (s.paint(Label::DiffDelete, format!("- {}", numbers(&entry.old))).to_string(), "deleted")
        }
        _ => (
            s.paint(Label::ParagraphNumber, format!("{} → {}", numbers(&entry.old), numbers(&entry.new)))
                .to_string(),
            entry.kind_label(),
        ),
    };
    let mut line = format!("{place}  {}", s.paint(Label::DiffKind, kind));
    if entry.moved {
        let _ = write!(
            line,
            "  {}",
            s.paint(
                Label::DiffKind,
                format!("moved from {} to {}", numbers(&entry.old), numbers(&entry.new))
            )
        );
    }
    if matches!(entry.kind, Kind::Modified | Kind::Split | Kind::Merged) {
        let _ = write!(line, "  {}", s.paint(Label::Meta, similar(entry.similarity)));
    }
    line
}

/// `62% similar`; a pair with no word left in place (rewritten whole, every sentence replaced)
/// says so rather than `0% similar`, which reads as if the two were unrelated.
fn similar(similarity: f64) -> String {
    let percent = (similarity * 100.0).round();
    if percent == 0.0 { "rewritten whole".to_string() } else { format!("{percent:.0}% similar") }
}

fn folded_line(out: &mut String, entry: &Entry, settings: &Settings) {
    let s = &settings.styles;
    // (Written straight into the block: a long document has thousands of these lines.)
    let mut label = String::with_capacity(24);
    push_numbers(&mut label, &entry.old);
    label.push_str(" = ");
    push_numbers(&mut label, &entry.new);
    let room = settings.width.map_or(80, |w| w.saturating_sub(label.chars().count() + 4).max(20));
    // An unchanged entry is one equal span: cut it before sanitizing, not after.
    let text = entry.spans.first().map_or("", |span| span.text.as_str());
    let (cut, more) = match text.char_indices().nth(room) {
        Some((i, _)) => (&text[..i], true),
        None => (text, false),
    };
    let mut excerpt = sanitize(cut);
    if excerpt.contains('\n') {
        excerpt = excerpt.replace('\n', " ").into();
    }
    if more {
        excerpt.to_mut().push('…');
    }
    s.push_painted(out, Label::ParagraphNumber, &label);
    out.push_str("  ");
    s.push_painted(out, Label::DiffFolded, &excerpt);
    out.push('\n');
}

/// One piece of a redline line and its label (`None`: written as it is).
struct Piece {
    text: String,
    label: Option<Label>,
}

/// The entry's redline, wrapped to the width after `indent` spaces, styled or marked, with
/// `mentions` highlighted.
fn redline(entry: &Entry, settings: &Settings, indent: usize, mentions: Option<&Mentions>) -> String {
    spans_redline(&entry.spans, settings, indent, mentions)
}

/// A redline wrapped to the width after `indent` spaces, styled or marked, with `mentions`
/// highlighted.
pub(crate) fn spans_redline(
    spans: &[Span],
    settings: &Settings,
    indent: usize,
    mentions: Option<&Mentions>,
) -> String {
    let s = &settings.styles;
    let marks = mentions.map(|m| (&m.old, &m.new));
    let (mut at_old, mut at_new) = (0, 0);
    let mut pieces = Vec::new();
    for span in spans {
        let (label, strong, open, close) = match span.op {
            Op::Equal => (None, Label::ThemeTerm, "", ""),
            Op::Delete => (Some(Label::DiffDelete), Label::DiffDeleteTerm, "[-", "-]"),
            Op::Insert => (Some(Label::DiffInsert), Label::DiffInsertTerm, "{+", "+}"),
        };
        let len = span.text.len();
        // The highlighted byte ranges of this span, from the side(s) it belongs to.
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        if let Some((old, new)) = &marks {
            if span.op != Op::Insert {
                ranges.extend(clip(old, at_old, len));
            }
            if span.op != Op::Delete {
                ranges.extend(clip(new, at_new, len));
            }
        }
        if span.op != Op::Insert {
            at_old += len;
        }
        if span.op != Op::Delete {
            at_new += len;
        }
        let (open, close) = if s.markers() { (open, close) } else { ("", "") };
        for (text, highlighted) in split_at_ranges(&span.text, ranges) {
            let text = sanitize(text);
            let mut piece = String::with_capacity(open.len() + text.len() + close.len());
            piece.push_str(open);
            // A paragraph break inside a change is shown as a pilcrow of that change.
            if span.op != Op::Equal && text.contains("\n\n") {
                piece.push_str(&text.replace("\n\n", " ¶ "));
            } else {
                piece.push_str(&text);
            }
            piece.push_str(close);
            let label = if highlighted { Some(strong) } else { label };
            let label = label.filter(|l| !s.is_plain(*l));
            pieces.push(Piece { text: piece, label });
        }
        if let Some(note) = super::moved_note(span) {
            let label = Some(Label::Meta).filter(|l| !s.is_plain(*l));
            pieces.push(Piece { text: format!("({note}) "), label });
        }
    }
    wrap(&pieces, settings.width, indent, s)
}

/// The parts of `marks` (byte spans of one side) inside `[start, start + len)`, relative to
/// `start`.
fn clip(
    marks: &[crate::document::Span],
    start: usize,
    len: usize,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    marks.iter().filter_map(move |m| {
        let (from, to) = (m.start.max(start), m.end.min(start + len));
        (from < to).then(|| (from - start, to - start))
    })
}

/// `text` cut into runs, each marked whether it lies in one of `ranges`.
fn split_at_ranges(text: &str, mut ranges: Vec<(usize, usize)>) -> Vec<(&str, bool)> {
    ranges.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (from, to) in ranges {
        let from = from.max(at);
        if from >= to {
            continue;
        }
        if from > at {
            out.push((&text[at..from], false));
        }
        out.push((&text[from..to], true));
        at = to;
    }
    if at < text.len() || out.is_empty() {
        out.push((&text[at..], false));
    }
    out
}

/// A run of one piece's text between wrap points: whitespace, or (part of) a word. A word
/// is the consecutive non-space runs, possibly in several styles, as in `[-noted-]{+welcomed+}`;
/// changed whitespace keeps its label and stays visible.
struct Run<'a> {
    text: &'a str,
    label: Option<Label>,
    space: bool,
}

/// The pieces cut into runs of whitespace and of other characters.
fn runs(pieces: &[Piece]) -> Vec<Run<'_>> {
    let mut out = Vec::with_capacity(pieces.iter().map(|p| p.text.len() / 4 + 1).sum());
    for piece in pieces {
        let mut rest = piece.text.as_str();
        while !rest.is_empty() {
            let space = rest.starts_with(char::is_whitespace);
            let end = run_end(rest, space);
            let (text, tail) = rest.split_at(end);
            out.push(Run { text, label: piece.label, space });
            rest = tail;
        }
    }
    out
}

/// Where the run of whitespace (`space`) or of other characters at the start of `text` ends;
/// ASCII is read a byte at a time, without decoding.
fn run_end(text: &str, space: bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (is_space, len) = if b.is_ascii() {
            (crate::document::is_ascii_space(b), 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (c.is_whitespace(), c.len_utf8())
        };
        if is_space != space {
            return i;
        }
        i += len;
    }
    bytes.len()
}

/// Whether a run of whitespace holds a blank line (`\n\n`): a byte loop, as a run is a space
/// or two (`str::contains` sets up a substring search for each of the thousands of runs).
fn has_blank_line(space: &str) -> bool {
    space.as_bytes().windows(2).any(|w| w == b"\n\n")
}

/// The columns `text` takes on a terminal: its length when it is printable ASCII.
fn columns(text: &str) -> usize {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        text.len()
    } else {
        textwrap::core::display_width(text)
    }
}

/// Greedy word wrap of styled pieces; a blank line (`\n\n`) in equal text breaks the line.
fn wrap(pieces: &[Piece], width: Option<usize>, indent: usize, styles: &Styles) -> String {
    let pad = " ".repeat(indent);
    let limit = width.map(|w| w.saturating_sub(indent).max(20));
    let mut out = styles.canvas();
    out.push(&pad);
    let mut column = 0;
    // The space before the next word: shown as one space, unless it is itself changed text.
    let mut pending: Option<(Cow<'_, str>, Option<Label>)> = None;
    let runs = runs(pieces);
    let mut i = 0;
    while i < runs.len() {
        let run = &runs[i];
        if run.space {
            i += 1;
            let (space, style) = (run.text, run.label);
            if style.is_none() && has_blank_line(space) {
                out.push("\n\n");
                out.push(&pad);
                column = 0;
                pending = None;
            } else {
                let shown: Cow<'_, str> =
                    if style.is_some() { space.replace(char::is_whitespace, " ").into() } else { " ".into() };
                pending = Some(match pending {
                    Some((before, s)) if s.is_some() || style.is_some() => {
                        (Cow::Owned(before.into_owned() + &shown), style.or(s))
                    }
                    _ => (shown, style),
                });
            }
            continue;
        }
        let end = runs[i..].iter().position(|r| r.space).map_or(runs.len(), |n| i + n);
        let word = &runs[i..end];
        i = end;
        let len: usize = word.iter().map(|r| columns(r.text)).sum();
        let space_len = pending.as_ref().map_or(0, |(s, _)| s.chars().count());
        if limit.is_some_and(|limit| column > 0 && column + space_len + len > limit) {
            out.push("\n");
            out.push(&pad);
            column = 0;
            // A changed space stays visible at the start of the line, unless it is inside a
            // run of the same change (the space between two deleted words): then it is only
            // spacing, dropped at the break as unchanged spaces are.
            pending = pending.filter(|(_, style)| style.is_some() && *style != word[0].label);
        }
        if let Some((space, style)) = pending.take()
            && (column > 0 || style.is_some())
        {
            out.write(style, &space);
            column += space.chars().count();
        }
        for r in word {
            out.write(r.label, r.text);
        }
        column += len;
    }
    if let Some((space, Some(style))) = pending {
        out.paint(style, &space);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_ranges() {
        assert_eq!(numbers(&[3]), "¶3");
        assert_eq!(numbers(&[3, 4, 5]), "¶3–¶5");
        assert_eq!(numbers(&[3, 5]), "¶3, ¶5");
    }

    #[test]
    fn a_moved_identical_paragraph_is_explained_as_identical() {
        let moved = Entry {
            kind: Kind::Unchanged,
            moved: true,
            old: vec![2],
            new: vec![4],
            similarity: 1.0,
            typography_only: false,
            spans: vec![crate::align::Span::new(Op::Equal, "Bravo paragraph will move to the end.")],
            why: Some(Box::new(crate::align::Why {
                rule: Rule::SameKey,
                similarity: 1.0,
                ..Default::default()
            })),
        };
        assert_eq!(why_line(&moved).as_deref(), Some("identical text"));
        let retyped = Entry { kind: Kind::Modified, typography_only: true, ..moved };
        assert_eq!(why_line(&retyped).as_deref(), Some(Rule::SameKey.describe()));
    }

    #[test]
    fn runs_end_where_whitespace_starts_or_stops_as_chars_say() {
        for text in
            ["a b", "  \t\nx", "Ünï\u{a0}code", "x\u{85}y", "\u{2003}\u{2003}z", "\x0b\x0c\x1cq", "end"]
        {
            let space = text.starts_with(char::is_whitespace);
            let slow = text.find(|c: char| c.is_whitespace() != space).unwrap_or(text.len());
            assert_eq!(run_end(text, space), slow, "{text:?}");
        }
        for text in ["plain", "ümlaut", "中文", "a\u{301}", "tab\tin", "\x7f"] {
            assert_eq!(columns(text), textwrap::core::display_width(text), "{text:?}");
        }
    }

    #[test]
    fn wraps_plain_pieces_with_markers() {
        let pieces = [
            Piece { text: "The Ministers ".into(), label: None },
            Piece { text: "[-noted-]".into(), label: None },
            Piece { text: "{+welcomed+}".into(), label: None },
            Piece { text: " the Pledge Drive for Stabilization.".into(), label: None },
        ];
        let plain = Styles::plain();
        assert_eq!(
            wrap(&pieces, Some(34), 2, &plain),
            "  The Ministers\n  [-noted-]{+welcomed+} the Pledge\n  Drive for Stabilization."
        );
        assert_eq!(
            wrap(&pieces, None, 0, &plain),
            "The Ministers [-noted-]{+welcomed+} the Pledge Drive for Stabilization."
        );
    }
}
