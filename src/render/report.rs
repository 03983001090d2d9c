//! `report`: the change report as Markdown, self-contained HTML, or JSON (DOCX is in
//! [`super::docx`]).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::diff::{label, markdown_redline, markdown_spans, numbers};
use super::lineage::{Ages, by_paragraph, runs};
use super::{code_md, escape_markup, escape_md};
use crate::align::{Entry, Kind, Op, Span};
use crate::lineage::MeetingRef;
use crate::ops::report::{EditedLanguage, History, Language, MeetingInfo, Provenance, Report, Unit};
use crate::themes::{Edited, Sentence, Timeline};

/// Writes the report as JSON (`communique.report/2`).
pub fn json(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    super::json::write(out, report)
}

/// ` Typography only (hyphens, dashes, quotes, spaces), shown unchanged: ¶4, ¶7.`, or nothing.
pub(crate) fn typography(report: &Report) -> String {
    let list = &report.summary.typography_only;
    if list.is_empty() {
        return String::new();
    }
    let numbers: Vec<String> = list.iter().map(|n| format!("¶{n}")).collect();
    format!(" Typography only (hyphens, dashes, quotes, spaces), shown unchanged: {}.", numbers.join(", "))
}

/// A theme's line of the summary, the same in every format: "Africa: 3 paragraphs changed,
/// +112 / −40 words, 2 new sentences, 1 edited, 1 dropped".
pub(crate) fn theme_line(line: &crate::ops::report::ThemeLine) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = format!(
        "{}: {} changed, +{} / −{} words",
        line.label,
        plural(line.paragraphs_changed, "paragraph", "paragraphs"),
        line.words_added,
        line.words_removed
    );
    if line.new_sentences > 0 {
        let _ = write!(text, ", {}", plural(line.new_sentences, "new sentence", "new sentences"));
    }
    if line.edited_sentences > 0 {
        let _ = write!(text, ", {} edited", line.edited_sentences);
    }
    if line.dropped_sentences > 0 {
        let _ = write!(text, ", {} dropped", line.dropped_sentences);
    }
    text
}

/// The heading of the language section.
pub(crate) const LANGUAGE: &str = "New, edited and dropped language";

/// The subheadings of the language section, in order.
pub(crate) const NEW_LANGUAGE: &str = "New in the later meeting";
pub(crate) const EDITED_LANGUAGE: &str = "Edited from one meeting to the other";
pub(crate) const DROPPED_LANGUAGE: &str = "Dropped from the earlier meeting";

/// Where an edited sentence stands: "¶3", or "¶3 → ¶4" when its paragraph's number changed.
pub(crate) fn edited_place(old: &Sentence, new: &Sentence) -> String {
    place(old, new, "¶")
}

/// [`edited_place`] in a table under a "¶" head: "3", "3 → 4".
fn edited_numbers(old: &Sentence, new: &Sentence) -> String {
    place(old, new, "")
}

fn place(old: &Sentence, new: &Sentence, sign: &str) -> String {
    if old.paragraph == new.paragraph {
        format!("{sign}{}", new.paragraph)
    } else {
        format!("{sign}{} → {sign}{}", old.paragraph, new.paragraph)
    }
}

/// What an edited sentence's history says, in words.
pub(crate) fn edited_history(item: &EditedLanguage) -> String {
    match &item.first {
        Some(first) => format!("earlier wording used since {} ({})", first.id, first.date),
        None => "first appearance unknown".to_string(),
    }
}

/// What the summary says when no theme moved.
pub(crate) const NO_THEME_MOVED: &str = "No theme moved.";

/// "3 modified, 1 inserted, 2 moved; +40 / −12 words", the same in every format.
pub(crate) fn counts(report: &Report) -> String {
    let st = &report.summary.stats;
    let parts = st.parts();
    let parts = if parts.is_empty() { "no paragraphs".to_string() } else { parts.join(", ") };
    let mut line = format!("Paragraphs: {parts}; words +{} / −{}.", st.words_added, st.words_removed);
    line.push_str(&typography(report));
    line
}

/// What a language item's history says, in words.
fn history(item: &Language) -> String {
    let first = item.first.as_ref().map(|f| format!("{} ({})", f.id, f.date));
    match (item.history, first) {
        (History::New, _) => "new in this meeting".to_string(),
        (History::Returning, Some(first)) => format!("returning: first used in {first}"),
        (History::Edited, Some(first)) => format!("edited from wording first used in {first}"),
        (History::Carried, Some(first)) => format!("used since {first}"),
        (_, None) => "first appearance unknown".to_string(),
    }
}

fn side_md(meeting: &MeetingInfo) -> String {
    let mut line = format!("`{}` · {}", code_md(&meeting.id), meeting.date.format("%-d %B %Y"));
    for part in [&meeting.title, &meeting.place, &meeting.source].into_iter().flatten() {
        let _ = write!(line, " · {}", escape_md(part));
    }
    line
}

/// The signals that open a report, as plain lines: the watched phrases that moved (one line),
/// and each figure that changed (`¶2 target range for the federal funds rate: 3-1/2 to 3-3/4
/// percent → 3-3/4 to 4 percent`).
pub(crate) fn signal_lines(report: &Report) -> (Option<String>, Vec<String>) {
    super::signals::plain_lines(&report.watched, &report.new.id, &report.figures)
}

/// Writes the report as GitHub-flavoured Markdown: deletions in `<del>`, insertions in `<ins>`,
/// so the redline survives rendering without color and reads as plain text.
pub fn markdown(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "# What changed: {} → {}\n", escape_md(&report.old.id), escape_md(&report.new.id))?;
    writeln!(out, "- **From:** {}", side_md(&report.old))?;
    writeln!(out, "- **To:** {}", side_md(&report.new))?;
    if let Some(corpus) = &report.corpus {
        let dirty = if corpus.dirty { " (with uncommitted changes)" } else { "" };
        writeln!(out, "- **Corpus revision:** `{}`{dirty}", corpus.commit)?;
    }
    writeln!(out, "- **Report date:** {}", report.generated)?;

    let (watched, figures) = signal_lines(report);
    if watched.is_some() || !figures.is_empty() {
        writeln!(out, "\n## Signals\n")?;
        if let Some(line) = watched {
            writeln!(out, "{}\n", escape_md(&line))?;
        }
        if !figures.is_empty() {
            writeln!(out, "Figures that changed:\n")?;
            for line in figures {
                writeln!(out, "- {}", escape_md(&line))?;
            }
        }
    }

    writeln!(out, "\n## Summary\n\n{}\n", counts(report))?;
    for line in &report.summary.themes {
        writeln!(out, "- {}", escape_md(&theme_line(line)))?;
    }
    if report.summary.themes.is_empty() {
        writeln!(out, "{NO_THEME_MOVED}")?;
    }

    if let Some(changes) = report.changes.as_ref().filter(|c| !c.changes.is_empty()) {
        writeln!(out, "\n## Change size across the series\n")?;
        writeln!(out, "{}\n", escape_md(&this_change(report, changes)))?;
        writeln!(out, "{}", super::changes::sparkline_md(changes))?;
    }

    if !report.themes.is_empty() {
        writeln!(out, "\n## By theme")?;
    }
    for section in &report.themes {
        writeln!(out, "\n### {}\n", escape_md(&section.label))?;
        for entry in section.entries.iter().map(|t| &t.entry) {
            writeln!(out, "**{}**\n\n{}\n", escape_md(&label(entry)), markdown_redline(entry))?;
        }
        let sentences = |title: &str, list: &[Sentence], out: &mut dyn Write| -> io::Result<()> {
            if !list.is_empty() {
                writeln!(out, "{title}:\n")?;
                for s in list {
                    writeln!(out, "- ¶{}: {}", s.paragraph, escape_md(&s.text))?;
                }
                writeln!(out)?;
            }
            Ok(())
        };
        sentences("New sentences", &section.new_sentences, out)?;
        if !section.edited_sentences.is_empty() {
            writeln!(out, "Edited sentences:\n")?;
            for e in &section.edited_sentences {
                writeln!(out, "- {}: {}", edited_place(&e.old, &e.new), markdown_spans(&e.redline))?;
            }
            writeln!(out)?;
        }
        sentences("Dropped sentences", &section.dropped_sentences, out)?;
    }

    writeln!(out, "\n## {LANGUAGE}")?;
    let language = |title: &str, items: &[Language], out: &mut dyn Write| -> io::Result<()> {
        writeln!(out, "\n### {title}\n")?;
        if items.is_empty() {
            return writeln!(out, "None.");
        }
        writeln!(out, "| ¶ | text | history |")?;
        writeln!(out, "|---:|---|---|")?;
        for item in items {
            let text = escape_md(&item.text.replace('\n', " "));
            let text = if item.unit == Unit::Phrase { format!("“{text}”") } else { text };
            writeln!(out, "| {} | {text} | {} |", item.paragraph, escape_md(&history(item)))?;
        }
        Ok(())
    };
    language(NEW_LANGUAGE, &report.new_language, out)?;
    writeln!(out, "\n### {EDITED_LANGUAGE}\n")?;
    if report.edited_language.is_empty() {
        writeln!(out, "None.")?;
    } else {
        writeln!(out, "| ¶ | redline | history |")?;
        writeln!(out, "|---:|---|---|")?;
        for item in &report.edited_language {
            writeln!(
                out,
                "| {} | {} | {} |",
                edited_numbers(&item.old, &item.new),
                markdown_spans(&item.redline).replace('\n', " "),
                escape_md(&edited_history(item))
            )?;
        }
    }
    language(DROPPED_LANGUAGE, &report.dropped_language, out)?;

    writeln!(out, "\n## Full redline\n")?;
    for entry in report.redline.iter().map(|t| &t.entry) {
        writeln!(out, "**{}**\n\n{}\n", escape_md(&entry_label(entry)), markdown_redline(entry))?;
    }
    Ok(())
}

/// An entry's label, unchanged ones included (`¶3 = ¶3`).
fn entry_label(entry: &Entry) -> String {
    if entry.kind == Kind::Unchanged && !entry.moved {
        format!("{} = {}", numbers(&entry.old), numbers(&entry.new))
    } else {
        label(entry)
    }
}

pub(crate) const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --ins: #dafbe1; --ins-ink: #116329; --del: #ffebe9; --del-ink: #a40e26; }
* { box-sizing: border-box; }
body { font: 16px/1.55 Georgia, "Times New Roman", serif; color: var(--ink); max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; }
h1, h2, h3, h4, dt, .meta, table, figcaption { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid var(--rule); padding-bottom: .25rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin-top: 1.75rem; }
h4 { font-size: .85rem; color: var(--muted); margin: 1.25rem 0 .25rem; font-weight: 600; }
dl.sides { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .95rem; }
dl.sides dt { color: var(--muted); }
dl.sides dd { margin: 0; }
.meta { color: var(--muted); font-size: .85rem; }
ins { background: var(--ins); color: var(--ins-ink); text-decoration: underline; }
.appeared { color: var(--ins-ink); } .vanished { color: var(--del-ink); }
del { background: var(--del); color: var(--del-ink); text-decoration: line-through; }
p.redline { margin: 0 0 .75rem; }
.unchanged p.redline { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
td.text { font-family: Georgia, "Times New Roman", serif; font-size: .95rem; }
ul.sentences li { margin-bottom: .35rem; }
figure { margin: 1rem 0; }
.age-0 { background: #ddf4ff; } .age-1 { background: #e6f6f2; } .age-2 { background: #eef6dc; } .age-3 { background: #fff5cc; } .age-4 { background: #ffdfb6; }
p.provenance span { border-radius: 2px; }
svg text { font: 11px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; fill: var(--muted); }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  section { break-before: page; }
  section#summary { break-before: avoid; }
  ins, del { background: none; color: inherit; }
  h2, h3, h4 { break-after: avoid; }
  article, tr, figure { break-inside: avoid; }
}
"#;

/// Writes the report as one self-contained HTML file: inline CSS, no script, no request of any
/// kind; `<ins>`/`<del>` for the redlines; a print stylesheet (A4, each section on a new page);
/// the theme timeline as an inline SVG chart.
pub fn html(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut h = String::new();
    let title = format!("What changed: {} → {}", report.old.id, report.new.id);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"communique {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape_markup(&title)
    );
    let _ = writeln!(h, "<header>\n<h1>{}</h1>", escape_markup(&title));
    h.push_str("<dl class=\"sides\">\n");
    for (name, meeting) in [("From", &report.old), ("To", &report.new)] {
        let mut parts = vec![
            format!("<code>{}</code>", escape_markup(&meeting.id)),
            meeting.date.format("%-d %B %Y").to_string(),
        ];
        parts.extend([&meeting.title, &meeting.place].into_iter().flatten().map(|p| escape_markup(p)));
        if let Some(source) = &meeting.source {
            // Shown, never linked: the report makes no request, and a reader's click is theirs.
            parts.push(format!("<span class=\"meta\">{}</span>", escape_markup(source)));
        }
        let _ = writeln!(h, "<dt>{name}</dt><dd>{}</dd>", parts.join(" · "));
    }
    if let Some(corpus) = &report.corpus {
        let dirty = if corpus.dirty { " (with uncommitted changes)" } else { "" };
        let _ = writeln!(h, "<dt>Corpus</dt><dd><code>{}</code>{dirty}</dd>", escape_markup(&corpus.commit));
    }
    let _ = writeln!(
        h,
        "<dt>Report date</dt><dd>{}</dd>\n</dl>\n</header>",
        report.generated.format("%-d %B %Y")
    );

    sections_html(&mut h, report, true);
    h.push_str("</body>\n</html>\n");
    out.write_all(h.as_bytes())
}

/// The section that opens a report with its signals: the watched phrases that moved, and a
/// table of the figures that changed; nothing when there are none.
fn signals_html(h: &mut String, report: &Report) {
    let parts = super::signals::watched_parts(&report.watched, &report.new.id);
    if parts.is_empty() && report.figures.is_empty() {
        return;
    }
    h.push_str("<section id=\"signals\">\n<h2>Signals</h2>\n");
    if !parts.is_empty() {
        h.push_str("<p class=\"watched\">Watched: ");
        for (i, (appeared, told)) in parts.iter().enumerate() {
            if i > 0 {
                h.push_str(" · ");
            }
            // (Not `ins` and `del`: those are the redlines' marks, which `marks` counts.)
            let (class, sign) = if *appeared { ("appeared", "+") } else { ("vanished", "−") };
            let _ = write!(h, "<strong class=\"{class}\">{sign} {}</strong>", escape_markup(told));
        }
        h.push_str("</p>\n");
    }
    if !report.figures.is_empty() {
        h.push_str(
            "<table class=\"figures\">\n<caption>Figures that changed</caption>\n<thead><tr><th>where</th><th>what</th><th>before</th><th>after</th></tr></thead>\n<tbody>\n",
        );
        for figure in &report.figures {
            let (label, old, new) = super::signals::figure_parts(figure);
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape_markup(&super::signals::figure_place(figure)),
                escape_markup(&label),
                escape_markup(&old),
                escape_markup(&new)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

/// A theme's name as it can stand in an id or a file name: itself when it is a plain name
/// (`[a-z0-9][a-z0-9_-]*`, at most 64 bytes), else `_` and its hash (a theme's name is any TOML
/// key: spaces, slashes, markup); no plain name starts with `_`, so none is another's.
pub(crate) fn theme_slug(name: &str) -> String {
    let plain = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    match plain {
        true => name.to_string(),
        false => format!("_{:016x}", xxhash_rust::xxh3::xxh3_64(name.as_bytes())),
    }
}

/// The report's sections after its header: summary, by theme, language, the timeline when it
/// has one, the later meeting's provenance (when `provenance` and it has it), the full redline.
pub(crate) fn sections_html(h: &mut String, report: &Report, provenance: bool) {
    signals_html(h, report);
    let _ =
        writeln!(h, "<section id=\"summary\">\n<h2>Summary</h2>\n<p>{}</p>", escape_markup(&counts(report)));
    if report.summary.themes.is_empty() {
        let _ = writeln!(h, "<p>{NO_THEME_MOVED}</p>");
    } else {
        h.push_str("<ul>\n");
        for line in &report.summary.themes {
            let _ = writeln!(h, "<li>{}</li>", escape_markup(&theme_line(line)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");

    if !report.themes.is_empty() {
        h.push_str("<section id=\"themes\">\n<h2>By theme</h2>\n");
        for section in &report.themes {
            let _ = writeln!(
                h,
                "<h3 id=\"theme-{}\">{}</h3>",
                theme_slug(&section.theme),
                escape_markup(&section.label)
            );
            for entry in section.entries.iter().map(|t| &t.entry) {
                entry_html(h, entry);
            }
            sentences_html(h, "New sentences", &section.new_sentences);
            edited_html(h, &section.edited_sentences);
            sentences_html(h, "Dropped sentences", &section.dropped_sentences);
        }
        h.push_str("</section>\n");
    }

    let _ = writeln!(h, "<section id=\"language\">\n<h2>{LANGUAGE}</h2>");
    let _ = writeln!(h, "<h3>{NEW_LANGUAGE}</h3>");
    language_table_html(h, &report.new_language);
    let _ = writeln!(h, "<h3>{EDITED_LANGUAGE}</h3>");
    edited_table_html(h, &report.edited_language);
    let _ = writeln!(h, "<h3>{DROPPED_LANGUAGE}</h3>");
    language_table_html(h, &report.dropped_language);
    h.push_str("</section>\n");

    if let Some(timeline) = report.timeline.as_ref().filter(|t| t.meetings.len() > 1 && !t.themes.is_empty())
    {
        h.push_str("<section id=\"timeline\">\n<h2>Themes across the series</h2>\n");
        let marks = [(report.old.id.as_str(), "old"), (report.new.id.as_str(), "new")];
        chart(h, timeline, &marks, CHART_NOTE);
        h.push_str("</section>\n");
    }

    if let Some(changes) = report.changes.as_ref().filter(|c| !c.changes.is_empty()) {
        h.push_str("<section id=\"changes\">\n<h2>Change size across the series</h2>\n");
        let _ = writeln!(h, "<p>{}</p>", escape_markup(&this_change(report, changes)));
        super::changes::chart(
            h,
            changes,
            Some((&report.new.id, "this report's later meeting")),
            CHANGES_NOTE,
        );
        h.push_str("</section>\n");
    }

    if let Some(provenance) = report.provenance.as_ref().filter(|_| provenance) {
        provenance_html(h, provenance, &report.new, false);
    }

    h.push_str("<section id=\"redline\">\n<h2>Full redline</h2>\n");
    for entry in report.redline.iter().map(|t| &t.entry) {
        entry_html(h, entry);
    }
    h.push_str("</section>\n");
}

/// What the report's change-size chart says under it.
const CHANGES_NOTE: &str = "Words inserted plus deleted from each meeting of the series to the next, up to the later meeting \
     compared; dashed green: the median; dashed blue: the change into the later meeting; pink: outliers.";

/// How the change into the report's later meeting from the one before it compares with the
/// series' usual change.
pub(crate) fn this_change(report: &Report, changes: &crate::ops::Changes) -> String {
    let median = changes.median;
    let usual = format!(
        "the median change of the series is {} words over {} changes",
        if median.fract() == 0.0 { format!("{median:.0}") } else { format!("{median:.1}") },
        changes.changes.len()
    );
    match changes.get(&report.new.id) {
        Some(c) => format!(
            "The change into {} from {}: +{} −{} words (score {:.1}{}); {usual}.",
            c.id,
            c.previous,
            c.words_inserted,
            c.words_deleted,
            c.score,
            if c.outlier { ", an outlier" } else { "" }
        ),
        None => format!("{} is the first meeting of its series; {usual}.", report.new.id),
    }
}

/// What the report's chart's caption says under its legend.
const CHART_NOTE: &str = "Share of each meeting's words in paragraphs touching the theme; dashed lines: the two meetings compared.";

/// The later meeting word by word: runs of words shaded by the age of the meeting that
/// introduced them (as `annotate --words` colours them), each naming that meeting on hover.
///
/// With `numbered`, each paragraph carries its number as a link to itself (`id="p4"`).
pub(crate) fn provenance_html(
    h: &mut String,
    provenance: &Provenance,
    meeting: &MeetingInfo,
    numbered: bool,
) {
    let meeting = MeetingRef { id: meeting.id.clone(), date: meeting.date };
    let ages = Ages::of(&provenance.words, &meeting);
    h.push_str("<section id=\"provenance\">\n<h2>Where the wording comes from</h2>\n<p class=\"meta\">");
    h.push_str("Each word of the later meeting, shaded by the meeting that first wrote it: ");
    let legend: Vec<String> = ages
        .legend(&provenance.words)
        .into_iter()
        .map(|(band, dates, share)| {
            format!("<span class=\"age-{band}\">{}</span> {}", escape_markup(&dates), escape_markup(&share))
        })
        .collect();
    h.push_str(&legend.join(" · "));
    h.push_str(".</p>\n");
    let paragraph = |p: usize| provenance.paragraphs.get(p - 1).map_or("", String::as_str);
    let runs = runs(&provenance.words, |p| paragraph(p).len());
    for (p, runs) in by_paragraph(&runs, provenance.paragraphs.len()).into_iter().enumerate() {
        if numbered {
            let n = p + 1;
            let _ = write!(h, "<p class=\"provenance\" id=\"p{n}\"><a class=\"pn\" href=\"#p{n}\">{n}</a> ");
        } else {
            h.push_str("<p class=\"provenance\">");
        }
        if runs.is_empty() {
            h.push_str(&escape_markup(paragraph(p + 1)));
        }
        for run in runs {
            let text = paragraph(run.paragraph).get(run.start..run.end).unwrap_or("");
            let kept = text.trim_end();
            let _ = write!(
                h,
                "<span class=\"age-{}\" title=\"first in {}{}\">{}</span>{}",
                ages.band(run.origin),
                escape_markup(&run.origin.id),
                super::date_beside(&run.origin.id, run.origin.date)
                    .map_or(String::new(), |d| format!(" ({d})")),
                escape_markup(kept),
                escape_markup(&text[kept.len()..])
            );
        }
        h.push_str("</p>\n");
    }
    h.push_str("</section>\n");
}

pub(crate) fn entry_html(h: &mut String, entry: &Entry) {
    let class = if entry.is_change() { "entry" } else { "entry unchanged" };
    let _ = write!(
        h,
        "<article class=\"{class}\">\n<h4>{}</h4>\n<p class=\"redline\">",
        escape_markup(&entry_label(entry))
    );
    spans_html(h, &entry.spans);
    h.push_str("</p>\n</article>\n");
}

/// A redline's spans in HTML: `<del>`, `<ins>`, and a new `<p class="redline">` at each
/// paragraph break of unchanged text.
pub(crate) fn spans_html(h: &mut String, spans: &[Span]) {
    for span in spans {
        let text = escape_markup(&span.text);
        match span.op {
            Op::Equal => h.push_str(&text.replace("\n\n", "</p>\n<p class=\"redline\">")),
            Op::Delete => {
                let _ = write!(h, "<del>{}</del>", text.replace("\n\n", " ¶ "));
            }
            Op::Insert => {
                let _ = write!(h, "<ins>{}</ins>", text.replace("\n\n", " ¶ "));
            }
        }
        if let Some(note) = super::moved_note(span) {
            let _ = write!(h, " <span class=\"meta\">({note})</span> ");
        }
    }
}

fn edited_html(h: &mut String, edited: &[Edited]) {
    if edited.is_empty() {
        return;
    }
    h.push_str("<h4>Edited sentences</h4>\n<ul class=\"sentences\">\n");
    for e in edited {
        let _ =
            write!(h, "<li><span class=\"meta\">{}</span> ", escape_markup(&edited_place(&e.old, &e.new)));
        spans_html(h, &e.redline);
        h.push_str("</li>\n");
    }
    h.push_str("</ul>\n");
}

/// A table of language, one row per item: its paragraph, its text (markup already escaped)
/// and its history; "None." without items.
fn table_html(h: &mut String, text_head: &str, rows: Vec<(String, String, String)>) {
    if rows.is_empty() {
        h.push_str("<p>None.</p>\n");
        return;
    }
    let _ = writeln!(
        h,
        "<table>\n<thead><tr><th>¶</th><th>{text_head}</th><th>history</th></tr></thead>\n<tbody>"
    );
    for (paragraph, text, history) in rows {
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{}</td><td class=\"text\">{text}</td><td>{}</td></tr>",
            escape_markup(&paragraph),
            escape_markup(&history)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn language_table_html(h: &mut String, items: &[Language]) {
    let rows = items
        .iter()
        .map(|item| {
            let text = escape_markup(&item.text);
            let text = if item.unit == Unit::Phrase { format!("“{text}”") } else { text };
            (item.paragraph.to_string(), text, history(item))
        })
        .collect();
    table_html(h, "text", rows);
}

fn edited_table_html(h: &mut String, items: &[EditedLanguage]) {
    let rows = items
        .iter()
        .map(|item| {
            let mut redline = String::new();
            spans_html(&mut redline, &item.redline);
            (edited_numbers(&item.old, &item.new), redline, edited_history(item))
        })
        .collect();
    table_html(h, "redline", rows);
}

fn sentences_html(h: &mut String, title: &str, sentences: &[Sentence]) {
    if sentences.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h4>{title}</h4>\n<ul class=\"sentences\">");
    for s in sentences {
        let _ =
            writeln!(h, "<li><span class=\"meta\">¶{}</span> {}</li>", s.paragraph, escape_markup(&s.text));
    }
    h.push_str("</ul>\n");
}

/// Line colors, distinguishable and readable in print.
pub(crate) const PALETTE: [&str; 8] =
    ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#1b7c83", "#bf3989", "#6e7781"];

/// The points of a line through `values` (at `x(i)`, in units of the chart's pixels) that
/// draw it: all of them when they are fewer than the columns, otherwise the first, lowest,
/// highest and last of each column ("M4", Jugel et al., VLDB 2014), which draws the same
/// line at that width. A series of 24,000 meetings is 2,700 points, not 24,000.
pub(crate) fn drawn(values: &[f64], x: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut column: Option<(i64, [usize; 4])> = None;
    let flush = |out: &mut Vec<usize>, kept: [usize; 4]| {
        let mut kept = kept;
        kept.sort_unstable();
        for i in kept {
            if out.last() != Some(&i) {
                out.push(i);
            }
        }
    };
    for (i, &v) in values.iter().enumerate() {
        let c = x(i).floor() as i64;
        match &mut column {
            Some((at, [_, low, high, last])) if *at == c => {
                if v < values[*low] {
                    *low = i;
                }
                if v > values[*high] {
                    *high = i;
                }
                *last = i;
            }
            _ => {
                if let Some((_, kept)) = column.take() {
                    flush(&mut out, kept);
                }
                column = Some((c, [i; 4]));
            }
        }
    }
    if let Some((_, kept)) = column {
        flush(&mut out, kept);
    }
    out
}

/// The highest share any theme has in any meeting of `timeline` (at least 1 %): a chart's top.
pub(crate) fn peak(timeline: &Timeline) -> f64 {
    timeline
        .meetings
        .iter()
        .flat_map(|m| m.themes.values().map(|c| c.share))
        .fold(0.0_f64, f64::max)
        .max(0.01)
}

/// Theme `name`'s share of each meeting of `timeline`, in order (0 where it has none).
pub(crate) fn shares(timeline: &Timeline, name: &str) -> Vec<f64> {
    timeline.meetings.iter().map(|m| m.themes.get(name).map_or(0.0, |c| c.share)).collect()
}

/// The timeline as an inline SVG line chart: each theme's share of every meeting's words,
/// the meetings of `marks` (id, what it is) marked with dashed lines, `note` under the legend.
pub(crate) fn chart(h: &mut String, timeline: &Timeline, marks: &[(&str, &str)], note: &str) {
    let (width, height, left, right, top, bottom) = (720.0, 280.0, 44.0, 12.0, 12.0, 28.0);
    let n = timeline.meetings.len();
    let peak = peak(timeline);
    let x = |i: usize| left + (width - left - right) * i as f64 / (n - 1) as f64;
    let y = |share: f64| top + (height - top - bottom) * (1.0 - share / peak);
    let names: Vec<&str> = timeline.themes.iter().map(String::as_str).collect();
    let _ = writeln!(
        h,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">Share of each meeting's words in paragraphs touching each theme, \
         {} meetings from {} to {}</title>",
        n,
        timeline.meetings[0].date,
        timeline.meetings[n - 1].date
    );
    for fraction in [0.0, 0.5, 1.0] {
        let _ = writeln!(
            h,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d1d9e0\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>",
            width - right,
            left - 4.0,
            y(peak * fraction) + 4.0,
            peak * fraction * 100.0,
            y = y(peak * fraction)
        );
    }
    for &(meeting, anchor) in marks {
        if let Some(i) = timeline.meetings.iter().position(|m| m.id == meeting) {
            let _ = writeln!(
                h,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{}\" stroke=\"#59636e\" stroke-dasharray=\"3 3\"><title>{anchor}: {}</title></line>",
                height - bottom,
                escape_markup(meeting),
                x = x(i)
            );
        }
    }
    for (t, name) in names.iter().enumerate() {
        let shares = shares(timeline, name);
        let points: Vec<String> = drawn(&shares, |i| x(i) - left)
            .into_iter()
            .map(|i| format!("{:.1},{:.1}", x(i), y(shares[i])))
            .collect();
        let _ = writeln!(
            h,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" points=\"{}\"><title>{}</title></polyline>",
            PALETTE[t % PALETTE.len()],
            points.join(" "),
            escape_markup(name)
        );
    }
    // The years along the bottom, at most eight, each at its first meeting, between the first
    // and last dates written in full at the ends.
    let first = chrono::Datelike::year(&timeline.meetings[0].date);
    let last = chrono::Datelike::year(&timeline.meetings[n - 1].date);
    let step = [1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000]
        .into_iter()
        .find(|s| (last - first) / s <= 8)
        .unwrap_or(1000);
    let mut year = (first / step + 1) * step;
    while year < last {
        if let Some(i) = timeline.meetings.iter().position(|m| chrono::Datelike::year(&m.date) >= year) {
            let at = x(i);
            // Not over the end labels.
            if at > left + 70.0 && at < width - right - 70.0 {
                let _ = writeln!(
                    h,
                    "<line x1=\"{at:.1}\" x2=\"{at:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"#d1d9e0\"/><text x=\"{at:.1}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
                    height - bottom,
                    height - bottom + 4.0,
                    height - 8.0
                );
            }
        }
        year += step;
    }
    let _ = writeln!(
        h,
        "<text x=\"{left}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n</svg>",
        height - 8.0,
        timeline.meetings[0].date,
        width - right,
        height - 8.0,
        timeline.meetings[n - 1].date
    );
    h.push_str("<figcaption>");
    let labels: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(t, name)| {
            let label = timeline.labels.get(*name).map_or(*name, String::as_str);
            format!("<span style=\"color:{}\">■</span> {}", PALETTE[t % PALETTE.len()], escape_markup(label))
        })
        .collect();
    let _ = writeln!(
        h,
        "{}<br><span class=\"meta\">{}</span></figcaption>\n</figure>",
        labels.join(" &nbsp; "),
        escape_markup(note)
    );
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::drawn;

    proptest! {
        /// Each column keeps its first, last, lowest and highest point, in order; with no
        /// more points than columns every point is kept.
        #[test]
        fn a_thinned_line_keeps_each_columns_ends_and_extremes(
            values in proptest::collection::vec(0.0f64..1.0, 1..3000),
            columns in 1usize..700,
        ) {
            let n = values.len();
            let x = |i: usize| if n == 1 { 0.0 } else { columns as f64 * i as f64 / (n - 1) as f64 };
            let kept = drawn(&values, x);
            prop_assert!(kept.windows(2).all(|w| w[0] < w[1]));
            let mut start = 0;
            while start < n {
                let c = x(start).floor();
                let end = (start..n).find(|&i| x(i).floor() != c).unwrap_or(n);
                let here: Vec<usize> = kept.iter().copied().filter(|&i| (start..end).contains(&i)).collect();
                prop_assert!(here.contains(&start) && here.contains(&(end - 1)));
                let (low, high) = values[start..end].iter().fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
                prop_assert!(here.iter().any(|&i| values[i] == low) && here.iter().any(|&i| values[i] == high));
                prop_assert!(here.len() <= 4);
                start = end;
            }
            if n <= columns {
                prop_assert_eq!(kept.len(), n);
            }
        }
    }
}
