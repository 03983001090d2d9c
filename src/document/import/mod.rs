//! Importers: plain text, Markdown and HTML into paragraphs, with the clean-up that web-scraped
//! communiqués need.
//!
//! Every clean-up step is recorded as a [`Note`] so the caller can report it: nothing
//! disappears silently. [`ImportOptions::raw`] turns all of them off.

mod cleanup;
mod date;
mod docx;
mod file;
mod html;
mod meta;
mod page;
mod pdf;
mod text;

use std::fmt;

pub use date::{date_in_file_name, date_in_text, parse_date};
pub use file::{Loaded, load};
pub use meta::{
    LineError, MetaError, MetaFlags, NAME_RULE, NameError, Resolved, derive_slug, resolve, validate_line,
    validate_name, validate_new_name,
};
pub use page::{Dropped, Why};

use super::storage::{self, FrontMatter, StorageError};

/// The input format of a file to import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text: blank-line separated paragraphs, wrapped lines joined.
    Text,
    /// Markdown: like text, with headings, list items and inline markup understood; a leading
    /// `+++` front matter (as in a corpus file) supplies metadata.
    Markdown,
    /// HTML: the text of the page body, a paragraph per block element; page furniture
    /// (`nav`, `header`, `footer`) skipped with a note.
    Html,
    /// PDF: paragraphs rebuilt from where the text stands on the pages.
    Pdf,
    /// Word (`.docx`): the body's paragraphs, tracked changes accepted.
    Docx,
}

impl Format {
    /// The format a file name and its first bytes suggest.
    pub fn detect(file_name: &str, text: &str) -> Self {
        let lower = file_name.to_ascii_lowercase();
        let head = text.trim_start().get(..64).unwrap_or(text.trim_start()).to_ascii_lowercase();
        if lower.ends_with(".pdf") || text.starts_with("%PDF-") {
            Self::Pdf
        } else if lower.ends_with(".docx") {
            Self::Docx
        } else if [".html", ".htm", ".xhtml"].iter().any(|e| lower.ends_with(e))
            || head.starts_with("<!doctype html")
            || head.starts_with("<html")
        {
            Self::Html
        } else if [".md", ".markdown"].iter().any(|e| lower.ends_with(e)) {
            Self::Markdown
        } else {
            Self::Text
        }
    }
}

/// How to import.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions {
    /// Keep the text exactly as split into paragraphs: no clean-up at all.
    pub raw: bool,
}

/// An imported text, before it becomes a [`Document`](super::Document).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// The paragraphs, each one line of text.
    pub paragraphs: Vec<String>,
    /// Metadata found in the file itself (front matter of a Markdown file, or the title and
    /// source lines the clean-up took).
    pub found: FrontMatter,
    /// What the clean-up did, in order.
    pub notes: Vec<Note>,
    /// Whether the first paragraph is marked up as a heading (Markdown `#`, HTML `h1`–`h6`).
    pub leading_heading: bool,
    /// The paragraphs of a web page that were not kept, with why, in page order.
    pub dropped: Vec<Dropped>,
}

/// One thing the clean-up did to the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A leading line was taken as the title.
    Title(String),
    /// A leading URL or domain line was taken as the source.
    Source(String),
    /// A paragraph of a trailing press-contact block was dropped (one note per paragraph).
    ContactDropped(String),
    /// Page furniture of an HTML page (`nav`, `header`, `footer`) held visible text that was
    /// not imported.
    Skipped {
        /// How many paragraphs it held.
        paragraphs: usize,
        /// How many words.
        words: usize,
        /// Where: the elements, as `<nav>`, in order of appearance.
        places: Vec<String>,
    },
    /// Paragraphs of a web page around its main text were left out (`--raw` keeps them;
    /// [`Imported::dropped`] lists them, with why).
    LeftOut {
        /// How many.
        paragraphs: usize,
        /// How many words they held.
        words: usize,
        /// How many for each reason, in order of first appearance.
        reasons: Vec<(Why, usize)>,
    },
    /// A field of the metadata was read from a web page.
    FromPage {
        /// Which: "title", "date", "place" or "source".
        field: &'static str,
        /// The value.
        value: String,
        /// Where on the page.
        from: String,
    },
    /// A Word file's footnotes, endnotes and comments were left apart from its text.
    WordApart {
        /// How many footnote and endnote references.
        notes: usize,
        /// How many comments.
        comments: usize,
    },
    /// A page that declares no character encoding and is not UTF-8 was read in this one.
    Charset(&'static str),
    /// A paragraph broken mid-sentence by a blank line was re-joined.
    Rejoined {
        /// The re-joined paragraph's number (1-based).
        paragraph: usize,
        /// The end of the first part.
        before: String,
        /// The start of the second part.
        after: String,
    },
}

impl Note {
    /// Whether the note says that text of the file was left out (shown even under `--quiet`:
    /// a loss is never silent).
    pub fn drops_text(&self) -> bool {
        matches!(
            self,
            Self::ContactDropped(_) | Self::Skipped { .. } | Self::LeftOut { .. } | Self::WordApart { .. }
        )
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Title(t) => write!(f, "took the first line as the title: \"{}\"", excerpt(t, 60)),
            Self::Source(s) => write!(f, "took the URL line as the source: {}", excerpt(s, 60)),
            Self::ContactDropped(line) => {
                write!(f, "dropped a press-contact line: \"{}\"", excerpt(line, 40))
            }
            Self::Skipped { paragraphs, words, places } => write!(
                f,
                "skipped page furniture in {}: {paragraphs} {} of {words} {}",
                places.join(", "),
                if *paragraphs == 1 { "paragraph" } else { "paragraphs" },
                if *words == 1 { "word" } else { "words" },
            ),
            Self::LeftOut { paragraphs, words, reasons } => write!(
                f,
                "left out {paragraphs} {} of {words} {} around the page's statement: {} (`--raw` keeps them)",
                if *paragraphs == 1 { "paragraph" } else { "paragraphs" },
                if *words == 1 { "word" } else { "words" },
                reasons.iter().map(|(why, n)| why.of(*n)).collect::<Vec<_>>().join(", "),
            ),
            Self::FromPage { field, value, from } => {
                write!(f, "took the {field} from {}: \"{}\"", from, excerpt(value, 80))
            }
            Self::WordApart { notes, comments } => write!(
                f,
                "left {notes} footnote {} and {comments} {} apart from the text (not imported)",
                if *notes == 1 { "reference" } else { "references" },
                if *comments == 1 { "comment" } else { "comments" },
            ),
            Self::Charset(name) => {
                write!(f, "read as {name}: the page declares no character encoding and is not UTF-8")
            }
            Self::Rejoined { paragraph, before, after } => {
                write!(f, "re-joined ¶{paragraph}, broken mid-sentence: \"…{before}\" / \"{after}…\"")
            }
        }
    }
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    /// Nothing but whitespace.
    #[error("the file is empty")]
    Empty,
    /// A UTF-16 file (its byte-order mark says so).
    #[error("this file is UTF-16, not UTF-8")]
    Utf16,
    /// NUL bytes: not a text file.
    #[error("this is a binary file, not text (a NUL byte at offset {0})")]
    Binary(usize),
    /// Not valid UTF-8.
    #[error("invalid UTF-8 at line {line}, column {column} (byte offset {offset})")]
    InvalidUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte.
        column: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// HTML nested deeper than any page needs (the parser would take quadratic time).
    #[error("the HTML nests elements more than {limit} deep (line {line}), deeper than any page needs")]
    TooDeep {
        /// The deepest nesting accepted.
        limit: usize,
        /// The line where the limit is passed.
        line: usize,
    },
    /// A Word file that could not be read.
    #[error("cannot read this Word file: {0}")]
    Docx(String),
    /// A PDF file that could not be read.
    #[error("cannot read this PDF: {0}")]
    Pdf(String),
    /// A character encoding no browser knows.
    #[error("the server names a character encoding that is not known: {0}")]
    UnknownCharset(String),
    /// Not valid in the character encoding the page declares.
    #[error("the page is not valid {0}, the character encoding it declares")]
    InvalidIn(&'static str),
    /// Markup or clean-up left no text.
    #[error("no paragraphs of text found")]
    NoText,
    /// A Markdown file's front matter is broken.
    #[error(transparent)]
    FrontMatter(#[from] StorageError),
}

/// Reads bytes as text: UTF-8 (an initial BOM is dropped), CRLF and CR line endings become LF.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, ImportError> {
    // The bytes become the text in place: a long file is not copied on the way in.
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ImportError::Utf16);
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(ImportError::Binary(at));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).expect("valid prefix");
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        ImportError::InvalidUtf8 {
            line: valid.matches('\n').count() + 1,
            column: valid[line_start..].chars().count() + 1,
            offset,
        }
    })?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text)
    }
}

/// Reads an HTML page's bytes as text in the character encoding it declares (a byte-order
/// mark, or `<meta charset>` / `http-equiv="content-type"` in its first 1024 bytes, as browsers
/// look for it): UTF-8 strictly (see [`decode`]); another encoding (windows-1251, ISO-8859-1,
/// …) through `encoding_rs`, an error if the bytes are not valid in it. A page that declares
/// nothing and is not UTF-8 is read as windows-1252, as browsers read it, with a note.
pub fn decode_html(bytes: Vec<u8>) -> Result<(String, Option<Note>), ImportError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
    {
        return decode(bytes).map(|text| (text, None));
    }
    let declared = declared_charset(&bytes[..bytes.len().min(1024)]);
    let encoding = match declared {
        Some(e) if e != encoding_rs::UTF_8 => e,
        Some(_) => return decode(bytes).map(|text| (text, None)),
        // Validity is checked in place: the bytes move into the text when they are UTF-8.
        None if std::str::from_utf8(&bytes).is_ok() => return decode(bytes).map(|text| (text, None)),
        None => encoding_rs::WINDOWS_1252,
    };
    let text = decode_in(&bytes, encoding)?;
    let note = declared.is_none().then_some(Note::Charset(encoding.name()));
    Ok((text, note))
}

/// Reads bytes in a character encoding other than UTF-8: an error if they are not valid in
/// it; CRLF and CR line endings become LF.
fn decode_in(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Result<String, ImportError> {
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(ImportError::Binary(at));
    }
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(ImportError::InvalidIn(encoding.name()))?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The character encoding a page declares in its first bytes, if any it names is known.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"charset") {
        let rest = &lower[from + at + 7..];
        from += at + 7;
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else { continue };
        let rest = rest.trim_ascii_start();
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let len = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b)).count();
        if let Some(encoding) = encoding_rs::Encoding::for_label(&rest[..len]) {
            // A page that says UTF-16 in ASCII bytes is not UTF-16 (browsers read it as UTF-8).
            return Some(if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                encoding_rs::UTF_8
            } else {
                encoding
            });
        }
    }
    None
}

/// Imports decoded text of the given format.
pub fn import(text: &str, format: Format, options: ImportOptions) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let mut dropped = Vec::new();
    let (found, (paragraphs, leading_heading)) = match format {
        Format::Text => (FrontMatter::default(), (text::paragraphs(text), false)),
        Format::Markdown => match storage::parse_front_matter(text) {
            Ok((fm, body)) => (fm, text::markdown_paragraphs(body)),
            Err(StorageError::NoFrontMatter) => (FrontMatter::default(), text::markdown_paragraphs(text)),
            Err(e) => return Err(e.into()),
        },
        // A PDF or Word file is read from its bytes (`import_pdf`, `import_docx`), never as text.
        Format::Pdf => return Err(ImportError::Pdf("a PDF is imported from its bytes".into())),
        Format::Docx => return Err(ImportError::Docx("a Word file is imported from its bytes".into())),
        Format::Html if options.raw => {
            let parsed = html::paragraphs(text)?;
            notes.extend(parsed.skipped);
            let heading = parsed.blocks.first().is_some_and(html::Block::heading);
            (FrontMatter::default(), (parsed.blocks.into_iter().map(|b| b.text).collect(), heading))
        }
        Format::Html => {
            let page = page::read(text)?;
            notes.extend(page.notes);
            let mut found = FrontMatter::default();
            // Each value the page gives is taken, and said where it came from.
            let mut said = |field: &'static str, value: &str, from: String| {
                notes.push(Note::FromPage { field, value: value.to_string(), from });
            };
            if let Some((title, from)) = page.title {
                said("title", &title, from.to_string());
                found.title = Some(title);
            }
            if let Some((date, line)) = page.date {
                said("date", &date.to_string(), format!("the page (\"{}\")", excerpt(&line, 40)));
                found.set_date(date);
            }
            if let Some(place) = page.place {
                said("place", &place, "its date line".into());
                found.place = Some(place);
            }
            if let Some((source, from)) = page.source {
                said("source", &source, from.to_string());
                found.source = Some(source);
            }
            dropped = page.dropped;
            let heading = page.blocks.first().is_some_and(html::Block::heading);
            (found, (page.blocks.into_iter().map(|b| b.text).collect(), heading))
        }
    };
    let mut imported = Imported { paragraphs, found, notes, leading_heading, dropped };
    if !options.raw {
        cleanup::run(&mut imported);
    }
    if imported.paragraphs.is_empty() {
        return Err(ImportError::NoText);
    }
    Ok(imported)
}

/// Where bytes to import came from, when not from a file: what the web server said of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The address they were fetched from (after redirects): the source, unless the page
    /// names its own.
    pub url: Option<String>,
    /// The format the server's `Content-Type` names.
    pub format: Option<Format>,
    /// The character encoding the server's `Content-Type` names (it wins over the page's own
    /// declaration, as in browsers).
    pub charset: Option<String>,
}

/// Imports raw bytes, detecting the format from the file name and content.
pub fn import_bytes(
    bytes: Vec<u8>,
    file_name: &str,
    options: ImportOptions,
) -> Result<Imported, ImportError> {
    import_reusing(bytes, file_name, options).map(|(imported, _)| imported)
}

/// Imports bytes fetched from the web, as the server described them (`origin`).
pub fn import_fetched(
    bytes: Vec<u8>,
    name: &str,
    origin: &Origin,
    options: ImportOptions,
) -> Result<Imported, ImportError> {
    import_from(bytes, name, origin, options).map(|(imported, _)| imported)
}

/// The address a document was fetched from as its source, when it names none itself.
fn from_address(imported: &mut Imported, origin: &Origin) {
    if let (None, Some(url)) = (&imported.found.source, &origin.url) {
        imported.notes.push(Note::FromPage {
            field: "source",
            value: url.clone(),
            from: "the address it was fetched from".into(),
        });
        imported.found.source = Some(url.clone());
    }
}

/// Imports a Word file's bytes.
fn import_docx(bytes: &[u8], options: ImportOptions) -> Result<Imported, ImportError> {
    let docx = docx::read(bytes)?;
    let mut imported = Imported { paragraphs: docx.paragraphs, ..Imported::default() };
    if docx.notes_left_out > 0 || docx.comments_left_out > 0 {
        imported.notes.push(Note::WordApart { notes: docx.notes_left_out, comments: docx.comments_left_out });
    }
    if !options.raw {
        if let Some(title) = docx.title {
            imported.take_title(title, "the file's properties");
        }
        cleanup::run(&mut imported);
    }
    if imported.paragraphs.is_empty() {
        return Err(ImportError::NoText);
    }
    Ok(imported)
}

impl Imported {
    /// Takes the title the file gives, saying so in a note.
    fn take_title(&mut self, title: String, from: &str) {
        self.notes.push(Note::FromPage { field: "title", value: title.clone(), from: from.into() });
        self.found.title = Some(title);
    }
}

/// Imports a PDF file's bytes.
fn import_pdf(bytes: &[u8], options: ImportOptions) -> Result<Imported, ImportError> {
    let pdf = pdf::read(bytes)?;
    let imported = if options.raw {
        // Everything: the title block, the text, footnotes and closing mark in reading order,
        // then the running headers and footers.
        let of = |pick: &dyn Fn(Why) -> bool| -> Vec<String> {
            pdf.dropped.iter().filter(|d| pick(d.why)).map(|d| d.text.clone()).collect()
        };
        let mut all = of(&|why| !matches!(why, Why::Footnote | Why::Trailer | Why::Running));
        all.extend(pdf.paragraphs.iter().cloned());
        all.extend(of(&|why| why == Why::Footnote));
        all.extend(of(&|why| why == Why::Trailer));
        // The pages' running headers, footers and numbers last, page by page.
        all.extend(of(&|why| why == Why::Running));
        Imported { paragraphs: all, ..Imported::default() }
    } else {
        let mut imported = Imported { paragraphs: pdf.paragraphs, ..Imported::default() };
        if let Some(title) = pdf.title {
            imported.take_title(title, "the document's centred heading");
        }
        if let Some((date, line)) = pdf.date {
            imported.notes.push(Note::FromPage {
                field: "date",
                value: date.to_string(),
                from: format!("the document (\"{}\")", excerpt(&line, 40)),
            });
            imported.found.set_date(date);
        }
        imported.notes.extend(page::left_out(&pdf.dropped));
        imported.dropped = pdf.dropped;
        cleanup::run(&mut imported);
        imported
    };
    if imported.paragraphs.is_empty() {
        return Err(ImportError::NoText);
    }
    Ok(imported)
}

/// [`import_bytes`], also handing back the decoded text's memory, emptied, for the document
/// to be built in: a long file is then held twice at most, never three times.
pub(crate) fn import_reusing(
    bytes: Vec<u8>,
    file_name: &str,
    options: ImportOptions,
) -> Result<(Imported, String), ImportError> {
    import_from(bytes, file_name, &Origin::default(), options)
}

/// Imports bytes named `name` (a file name or an address), as `origin` describes them: the
/// format the server named, else the one the name and first bytes suggest; a PDF or Word file
/// from its bytes, text in the character encoding the server named, else the one a page
/// declares, else UTF-8. Hands back the decoded text's memory, emptied (see
/// [`import_reusing`]).
fn import_from(
    bytes: Vec<u8>,
    name: &str,
    origin: &Origin,
    options: ImportOptions,
) -> Result<(Imported, String), ImportError> {
    // Enough of the start to see a page's `<!doctype html>` past some leading white space.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).into_owned();
    let format = origin.format.unwrap_or_else(|| Format::detect(name, &head));
    let binary = match format {
        Format::Pdf => Some(import_pdf(&bytes, options)),
        Format::Docx => Some(import_docx(&bytes, options)),
        _ => None,
    };
    if let Some(imported) = binary {
        let mut imported = imported?;
        from_address(&mut imported, origin);
        return Ok((imported, String::new()));
    }
    let (mut text, note) = match (format, origin.charset.as_deref()) {
        (_, Some(label)) => {
            let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
                .ok_or_else(|| ImportError::UnknownCharset(label.to_string()))?;
            if encoding == encoding_rs::UTF_8 {
                (decode(bytes)?, None)
            } else {
                (decode_in(&bytes, encoding)?, None)
            }
        }
        (Format::Html, None) => decode_html(bytes)?,
        _ => (decode(bytes)?, None),
    };
    let mut imported = import(&text, format, options)?;
    imported.notes.splice(0..0, note);
    from_address(&mut imported, origin);
    text.clear();
    Ok((imported, text))
}

/// Runs `f`, catching a panic without its message: the PDF reader asserts on malformed
/// files (and a page's main-text scorer might), and that must become one error line or a
/// fallback, not a panic report on stderr. The process's
/// panic hook is set aside while `f` runs (imports run one at a time, on one thread).
pub(super) fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(f);
    std::panic::set_hook(hook);
    result
}

/// At most `max` characters of `text`, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_accepts_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFOne\r\ntwo\rthree".to_vec()).unwrap(), "One\ntwo\nthree");
    }

    #[test]
    fn decode_says_where_utf8_breaks() {
        assert_eq!(
            decode(b"first line\nab\xE9cd".to_vec()).unwrap_err(),
            ImportError::InvalidUtf8 { line: 2, column: 3, offset: 13 }
        );
    }

    #[test]
    fn decode_rejects_binary_and_empty() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0".to_vec()).unwrap_err(), ImportError::Binary(8));
        assert_eq!(decode(b" \n\t\n".to_vec()).unwrap_err(), ImportError::Empty);
    }

    #[test]
    fn detects_formats() {
        assert_eq!(Format::detect("a.HTML", ""), Format::Html);
        assert_eq!(Format::detect("a.txt", "<!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(Format::detect("a.md", "# x"), Format::Markdown);
        assert_eq!(Format::detect("2021-06-28.txt", "x"), Format::Text);
    }

    #[test]
    fn markdown_front_matter_supplies_metadata() {
        let text = "+++\nseries = \"fomc\"\ndate = 2025-07-30\n+++\n\nOne.\n\nTwo.\n";
        let imported = import(text, Format::Markdown, ImportOptions::default()).unwrap();
        assert_eq!(imported.found.series.as_deref(), Some("fomc"));
        assert_eq!(imported.paragraphs, ["One.", "Two."]);
    }
}
