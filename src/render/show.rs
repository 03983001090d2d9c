//! `show`: one meeting with numbered paragraphs.

use std::io::{self, Write};

use serde::Serialize;

use super::{Label, Settings, code_md, escape_md, sanitize, sanitize_line, wrap_labelled};
use crate::document::Document;
use crate::ops::{Preview, Shown};

#[derive(Serialize)]
struct ShowJson<'a> {
    schema: &'static str,
    meeting: MeetingJson<'a>,
    paragraphs: Vec<ParagraphJson<'a>>,
}

#[derive(Serialize)]
struct MeetingJson<'a> {
    id: &'a str,
    series: &'a str,
    date: String,
    title: Option<&'a str>,
    place: Option<&'a str>,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct ParagraphJson<'a> {
    number: usize,
    text: &'a str,
    sentences: Vec<&'a str>,
    words: usize,
}

/// Writes the meeting as JSON (`communique.show/1`), sentences included.
pub fn json(out: &mut dyn Write, shown: &Shown) -> io::Result<()> {
    let (id, doc) = (shown.id.as_str(), &shown.document);
    let meta = &doc.meta;
    let value = ShowJson {
        schema: "communique.show/1",
        meeting: MeetingJson {
            id,
            series: &meta.series,
            date: meta.date.to_string(),
            title: meta.title.as_deref(),
            place: meta.place.as_deref(),
            source: meta.source.as_deref(),
        },
        paragraphs: doc
            .paragraphs()
            .iter()
            .zip(&shown.paragraphs)
            .enumerate()
            .map(|(i, (p, shown))| ParagraphJson {
                number: i + 1,
                text: p.span.of(doc.text()),
                sentences: shown.sentences.iter().map(|s| s.of(doc.text())).collect(),
                words: shown.words,
            })
            .collect(),
    };
    super::json::write(out, &value)
}

/// Writes the meeting for reading: a header, then `¶N` and each paragraph.
pub fn text(out: &mut dyn Write, id: &str, doc: &Document, settings: &Settings) -> io::Result<()> {
    let s = &settings.styles;
    let meta = &doc.meta;
    if let Some(title) = &meta.title {
        writeln!(out, "{}", s.paint(Label::Title, sanitize_line(title)))?;
    }
    // The id line as a diff's header names a side: id, date unless the id holds it, place.
    writeln!(out, "{}", super::diff::side_line(&crate::align::Side::of(id, doc), settings))?;
    if let Some(source) = &meta.source {
        writeln!(out, "{}", s.paint(Label::Meta, format!("source: {}", sanitize_line(source))))?;
    }
    let label_width = format!("¶{}", doc.paragraphs().len()).chars().count() + 2;
    for (i, text) in doc.paragraph_texts().enumerate() {
        let label = format!("¶{}", i + 1);
        let wrapped = wrap_labelled(&label, label_width, &sanitize(text), settings.width);
        // Color the label after wrapping, so escape codes never count as width.
        let colored = wrapped.replacen(&label, &s.paint(Label::ParagraphNumber, &label).to_string(), 1);
        writeln!(out, "\n{colored}")?;
    }
    Ok(())
}

/// Writes what `add --dry-run` would store: the meeting as [`text`] shows it, then each
/// paragraph of a web page that would be left out, with why.
pub fn preview(out: &mut dyn Write, preview: &Preview, settings: &Settings) -> io::Result<()> {
    text(out, &preview.id.to_string(), &preview.document, settings)?;
    if preview.dropped.is_empty() {
        return Ok(());
    }
    let s = &settings.styles;
    let n = preview.dropped.len();
    writeln!(
        out,
        "\n{}",
        s.paint(Label::Title, format!("left out ({n} {})", if n == 1 { "paragraph" } else { "paragraphs" }))
    )?;
    for dropped in &preview.dropped {
        let label = format!("[{}]", dropped.why.as_str());
        writeln!(out, "{} {}", s.paint(Label::Meta, label), sanitize_line(&dropped.text))?;
    }
    Ok(())
}

/// Writes the meeting as Markdown: a heading, a metadata line, `**¶N**` paragraphs; every
/// piece of document text escaped (`escape_md`), so none of it becomes markup.
pub fn markdown(out: &mut dyn Write, id: &str, doc: &Document) -> io::Result<()> {
    let meta = &doc.meta;
    writeln!(out, "# {}\n", escape_md(meta.title.as_deref().unwrap_or(id)))?;
    let mut line = vec![format!("`{}`", code_md(id)), meta.date.format("%-d %B %Y").to_string()];
    line.extend(meta.place.as_deref().map(escape_md));
    writeln!(out, "{}", line.join(" · "))?;
    if let Some(source) = &meta.source {
        writeln!(out, "\nSource: {}", escape_md(source))?;
    }
    for (i, text) in doc.paragraph_texts().enumerate() {
        writeln!(out, "\n**¶{}** {}", i + 1, escape_md(text))?;
    }
    Ok(())
}
