//! The change report as a Word document whose redlines are real tracked changes (`w:ins`,
//! `w:del`, and `w:moveFrom`/`w:moveTo` for a sentence moved to another paragraph; author
//! `communique`, the report's date): in Word, "Accept all" turns the full redline into the
//! later meeting's text and "Reject all" into the earlier one's.
//!
//! No crate writes tracked changes, so this writes the few OOXML parts a document needs
//! (content types, relationships, styles, core properties, the document) into a zip.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;

use super::diff::label;
use super::escape_markup;
use super::report::{
    DROPPED_LANGUAGE, EDITED_LANGUAGE, LANGUAGE, NEW_LANGUAGE, edited_history, edited_place,
};
use crate::align::{Entry, Op, Span};
use crate::document::comparison_key;
use crate::ops::report::{History, Language, Report};
use crate::themes::Sentence;

/// Writes the report as a DOCX file.
pub fn docx(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let date = report.generated;
    let stamp = date.format("%Y-%m-%dT00:00:00Z").to_string();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed time in the archive: the same report gives the same bytes.
    let time = zip::DateTime::from_date_and_time(
        u16::try_from(chrono::Datelike::year(&date)).unwrap_or(1980).max(1980),
        chrono::Datelike::month(&date) as u8,
        chrono::Datelike::day(&date) as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time);
    let title = format!("What changed: {} → {}", report.old.id, report.new.id);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
        ("docProps/core.xml", core(&title, &stamp)),
        ("word/document.xml", document(report, &title, &stamp)),
    ];
    for (name, content) in parts {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(content.as_bytes())?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    out.write_all(&bytes)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia" w:cs="Georgia"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:pageBreakBefore/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b/><w:sz w:val="30"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="EntryLabel"><w:name w:val="Entry label"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="40"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:color w:val="59636E"/><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Meta"><w:name w:val="Meta"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="20"/></w:rPr></w:style></w:styles>"#;

fn core(title: &str, stamp: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>communique</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created></cp:coreProperties>"#,
        escape_markup(title)
    )
}

/// The body of `word/document.xml`, paragraph by paragraph.
struct Body {
    xml: String,
    /// The next revision id (`w:id` of `w:ins`/`w:del`, unique in the document).
    id: usize,
    /// The revisions' date.
    stamp: String,
    /// The name of each sentence move (`w:name` of its source and destination ranges), by the
    /// moved sentence's comparison key: a move is one sentence, found once on each side.
    moves: HashMap<String, usize>,
}

impl Body {
    fn paragraph(&mut self, style: Option<&str>, text: &str) {
        let style = style.map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")).unwrap_or_default();
        let _ = write!(self.xml, "<w:p>{style}{}</w:p>", run(text));
    }

    /// A moved sentence as Word tracks a move: its text in a `w:moveFrom` (where it was) or
    /// `w:moveTo` (where it went) inside a named range, both ends of the move sharing the name,
    /// so that Word shows and accepts or rejects them as one move.
    fn moved(&mut self, runs: &mut String, side: &str, text: &str) {
        let count = self.moves.len();
        let name = *self.moves.entry(comparison_key(text)).or_insert(count + 1);
        let range = self.revision(&format!("{side}RangeStart"));
        let range_id = self.id;
        let content = self.revision(side);
        let _ = write!(
            runs,
            "{range} w:name=\"move{name}\"/>{content}>{}</w:{side}><w:{side}RangeEnd w:id=\"{range_id}\"/>",
            run(text)
        );
    }

    fn revision(&mut self, tag: &str) -> String {
        self.id += 1;
        format!("<w:{tag} w:id=\"{}\" w:author=\"communique\" w:date=\"{}\"", self.id, self.stamp)
    }

    /// An entry's redline as tracked changes. A paragraph break inside an insertion (a split)
    /// is an inserted paragraph mark, one inside a deletion (a merge) a deleted mark; a
    /// paragraph only on one side has its own mark inserted or deleted, so that rejecting or
    /// accepting removes it whole.
    fn redline(&mut self, entry: &Entry) {
        let own = match (entry.old.is_empty(), entry.new.is_empty()) {
            (true, _) => Some("ins"),
            (_, true) => Some("del"),
            _ => None,
        };
        self.tracked(String::new(), &entry.spans, own);
    }

    /// A redline's spans as tracked changes after `runs` (a label, say), its paragraph's own
    /// mark inserted or deleted as `own` says.
    fn tracked(&mut self, mut runs: String, spans: &[Span], own: Option<&str>) {
        for span in spans {
            let pieces: Vec<&str> = span.text.split("\n\n").collect();
            for (j, piece) in pieces.iter().enumerate() {
                if !piece.is_empty() {
                    let whole = pieces.len() == 1;
                    match span.op {
                        Op::Equal => runs.push_str(&run(piece)),
                        Op::Insert if whole && span.moved_from.is_some() => {
                            self.moved(&mut runs, "moveTo", piece)
                        }
                        Op::Delete if whole && span.moved_to.is_some() => {
                            self.moved(&mut runs, "moveFrom", piece)
                        }
                        Op::Insert => {
                            let open = self.revision("ins");
                            let _ = write!(runs, "{open}>{}</w:ins>", run(piece));
                        }
                        Op::Delete => {
                            let open = self.revision("del");
                            let _ = write!(
                                runs,
                                "{open}><w:r><w:delText xml:space=\"preserve\">{}</w:delText></w:r></w:del>",
                                escape_markup(piece)
                            );
                        }
                    }
                }
                if j + 1 < pieces.len() {
                    let mark = match span.op {
                        Op::Equal => None,
                        Op::Insert => Some("ins"),
                        Op::Delete => Some("del"),
                    };
                    self.end_paragraph(&mut runs, mark);
                }
            }
        }
        self.end_paragraph(&mut runs, own);
    }

    /// Closes a paragraph of `runs`, its mark inserted or deleted as `mark` says.
    fn end_paragraph(&mut self, runs: &mut String, mark: Option<&str>) {
        let properties = match mark {
            Some(tag) => format!("<w:pPr><w:rPr>{}/></w:rPr></w:pPr>", self.revision(tag)),
            None => String::new(),
        };
        let _ = write!(self.xml, "<w:p>{properties}{runs}</w:p>");
        runs.clear();
    }
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape_markup(text))
}

fn history(item: &Language) -> String {
    let first =
        item.first.as_ref().map(|f| format!("{} ({})", f.id, f.date)).unwrap_or_else(|| "unknown".into());
    match item.history {
        History::New => "new in this meeting".into(),
        History::Returning => format!("returning: first used in {first}"),
        History::Edited => format!("edited from wording first used in {first}"),
        History::Carried => format!("used since {first}"),
    }
}

fn document(report: &Report, title: &str, stamp: &str) -> String {
    let mut body = Body { xml: String::new(), id: 0, stamp: stamp.to_string(), moves: HashMap::new() };
    body.paragraph(Some("Title"), title);
    for (name, m) in [("From", &report.old), ("To", &report.new)] {
        let mut line = format!("{name}: {} · {}", m.id, m.date.format("%-d %B %Y"));
        for part in [&m.title, &m.place, &m.source].into_iter().flatten() {
            let _ = write!(line, " · {part}");
        }
        body.paragraph(Some("Meta"), &line);
    }
    if let Some(corpus) = &report.corpus {
        let dirty = if corpus.dirty { " (with uncommitted changes)" } else { "" };
        body.paragraph(Some("Meta"), &format!("Corpus revision: {}{dirty}", corpus.commit));
    }
    body.paragraph(Some("Meta"), &format!("Report date: {}", report.generated.format("%-d %B %Y")));

    let (watched, figures) = super::report::signal_lines(report);
    if watched.is_some() || !figures.is_empty() {
        body.paragraph(Some("Heading2"), "Signals");
        if let Some(line) = watched {
            body.paragraph(None, &line);
        }
        for line in figures {
            body.paragraph(None, &line);
        }
    }
    body.paragraph(Some("Heading2"), "Summary");
    // The same summary as every other format's, word for word.
    body.paragraph(None, &super::report::counts(report));
    for line in &report.summary.themes {
        body.paragraph(None, &super::report::theme_line(line));
    }
    if report.summary.themes.is_empty() {
        body.paragraph(None, super::report::NO_THEME_MOVED);
    }

    if !report.themes.is_empty() {
        body.paragraph(Some("Heading1"), "By theme");
    }
    for section in &report.themes {
        body.paragraph(Some("Heading2"), &section.label);
        for entry in section.entries.iter().map(|t| &t.entry) {
            body.paragraph(Some("EntryLabel"), &label(entry));
            body.redline(entry);
        }
        let sentences = |body: &mut Body, title: &str, list: &[Sentence]| {
            if !list.is_empty() {
                body.paragraph(Some("EntryLabel"), title);
                for s in list {
                    body.paragraph(None, &format!("¶{}: {}", s.paragraph, s.text));
                }
            }
        };
        sentences(&mut body, "New sentences", &section.new_sentences);
        if !section.edited_sentences.is_empty() {
            body.paragraph(Some("EntryLabel"), "Edited sentences");
            for e in &section.edited_sentences {
                body.tracked(run(&format!("{}: ", edited_place(&e.old, &e.new))), &e.redline, None);
            }
        }
        sentences(&mut body, "Dropped sentences", &section.dropped_sentences);
    }

    body.paragraph(Some("Heading1"), LANGUAGE);
    let language = |body: &mut Body, title: &str, items: &[Language]| {
        body.paragraph(Some("Heading2"), title);
        if items.is_empty() {
            body.paragraph(None, "None.");
        }
        for item in items {
            body.paragraph(None, &format!("¶{}: {} — {}", item.paragraph, item.text, history(item)));
        }
    };
    language(&mut body, NEW_LANGUAGE, &report.new_language);
    body.paragraph(Some("Heading2"), EDITED_LANGUAGE);
    if report.edited_language.is_empty() {
        body.paragraph(None, "None.");
    }
    for item in &report.edited_language {
        let label = run(&format!("{}: ", edited_place(&item.old, &item.new)));
        body.tracked(label, &item.redline, None);
        body.paragraph(Some("Meta"), &edited_history(item));
    }
    language(&mut body, DROPPED_LANGUAGE, &report.dropped_language);

    // The full redline: the later meeting's paragraphs with every change tracked, and nothing
    // else, so that accepting or rejecting all gives one meeting's text exactly.
    body.paragraph(Some("Heading1"), "Full redline");
    for entry in report.redline.iter().map(|t| &t.entry) {
        body.redline(entry);
    }
    body.paragraph(Some("EntryLabel"), "End of the redline.");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        body.xml
    )
}
