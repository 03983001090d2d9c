//! The text model: a meeting's text as paragraphs, sentences and word tokens.
//!
//! Everything is a [`Span`] into one string, the document's paragraphs joined by a blank line
//! (`"\n\n"`), so every later layer can point back at exact text. Sentences and words are
//! found the first time a paragraph is asked for them. Comparison keys are computed
//! from the text and never alter it.
//!
//! Layer: the bottom of the analysis (with `text`); owns the token rule every later layer uses.
//! Never touches the file system or git, and imports nothing but `text`.

pub mod import;
mod meeting;
mod normalize;
mod segment;
mod span;
pub mod storage;
mod words;

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use meeting::Meeting;
pub use normalize::{comparison_key, is_ascii_space, typography_key};
pub use segment::sentences;
pub use span::Span;
pub use words::{ascii_key_byte, count_words, push_word_key, word_key, word_keys, words};

/// What is known about a meeting besides its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The series the meeting belongs to (`coalition`, `fomc`).
    pub series: String,
    /// The meeting's date.
    pub date: NaiveDate,
    /// The document's title, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the meeting took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Where the text was taken from (a URL or a domain and path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One meeting's text, split into paragraphs; sentences and words are found on first use.
#[derive(Clone, Debug)]
pub struct Document {
    /// The meeting's metadata.
    pub meta: Meta,
    text: String,
    paragraphs: Vec<Paragraph>,
}

/// A paragraph: a span of the document text, and its sentences once asked for.
#[derive(Clone, Debug)]
pub struct Paragraph {
    /// The paragraph's text in the document.
    pub span: Span,
    /// Its sentences, segmented on first use (a diff of long documents with few changes
    /// segments only the changed paragraphs).
    sentences: OnceLock<Vec<Sentence>>,
}

impl PartialEq for Document {
    /// Documents are equal when their metadata and text are: segmentation follows from them.
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
            && self.text == other.text
            && self.paragraphs.iter().map(|p| p.span).eq(other.paragraphs.iter().map(|p| p.span))
    }
}

impl Eq for Document {}

/// A sentence: a span of the document text (with the whitespace that follows it) and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's text in the document, including trailing whitespace.
    pub span: Span,
    /// Its word tokens (see [`words`]), in order.
    pub words: Vec<Span>,
}

/// The separator between two paragraphs in [`Document::text`].
pub const PARAGRAPH_SEPARATOR: &str = "\n\n";

impl Document {
    /// Builds and segments a document from its paragraphs' texts.
    ///
    /// Paragraph texts are taken as they are: the importers are responsible for joining wrapped
    /// lines and trimming.
    pub fn new<P: AsRef<str>>(meta: Meta, paragraphs: impl IntoIterator<Item = P>) -> Self {
        Self::in_buffer(meta, paragraphs, String::new())
    }

    /// [`Document::new`], with the text written in `buffer`'s memory (emptied first): the
    /// memory a file was read in serves again for its document.
    pub fn in_buffer<P: AsRef<str>>(
        meta: Meta,
        paragraphs: impl IntoIterator<Item = P>,
        buffer: String,
    ) -> Self {
        // The text is allocated once, at its length: a long document is not copied as it grows.
        let paragraphs: Vec<P> = paragraphs.into_iter().collect();
        let length: usize = paragraphs.iter().map(|p| p.as_ref().len() + PARAGRAPH_SEPARATOR.len()).sum();
        // (Not when the file was mostly markup: the document would hold the page's memory.)
        let mut text = if buffer.capacity() <= 2 * length { buffer } else { String::new() };
        text.clear();
        text.reserve(length);
        let mut spans = Vec::with_capacity(paragraphs.len());
        for (i, p) in paragraphs.into_iter().enumerate() {
            if i > 0 {
                text.push_str(PARAGRAPH_SEPARATOR);
            }
            let start = text.len();
            text.push_str(p.as_ref());
            spans.push(Span::new(start, text.len()));
        }
        let paragraphs =
            spans.into_iter().map(|span| Paragraph { span, sentences: OnceLock::new() }).collect();
        Self { meta, text, paragraphs }
    }

    /// The whole text: paragraphs joined by [`PARAGRAPH_SEPARATOR`].
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The paragraphs, in order.
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// The text of paragraph `index` (0-based).
    pub fn paragraph_text(&self, index: usize) -> &str {
        self.paragraphs[index].span.of(&self.text)
    }

    /// The texts of all paragraphs, in order.
    pub fn paragraph_texts(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.paragraphs.iter().map(|p| p.span.of(&self.text))
    }

    /// Number of word tokens in the whole document.
    pub fn word_count(&self) -> usize {
        self.paragraphs.iter().flat_map(|p| p.sentences(self)).map(|s| s.words.len()).sum()
    }
}

impl Paragraph {
    /// Its sentences, covering `span` exactly and in order. `doc` must be the document this
    /// paragraph belongs to.
    pub fn sentences<'p>(&'p self, doc: &Document) -> &'p [Sentence] {
        debug_assert!(self.span.end <= doc.text.len());
        self.sentences.get_or_init(|| segment(self.span.of(&doc.text), self.span.start))
    }

    /// The paragraph's comparison key (see [`comparison_key`]).
    pub fn key(&self, doc: &Document) -> String {
        comparison_key(self.span.of(doc.text()))
    }
}

impl Sentence {
    /// The sentence's text without its trailing whitespace.
    pub fn text<'d>(&self, doc: &'d Document) -> &'d str {
        self.span.of(doc.text()).trim_end()
    }

    /// The sentence's comparison key (see [`comparison_key`]).
    pub fn key(&self, doc: &Document) -> String {
        comparison_key(self.span.of(doc.text()))
    }
}

fn segment(paragraph: &str, offset: usize) -> Vec<Sentence> {
    sentences(paragraph)
        .into_iter()
        .map(|s| Sentence {
            span: s.shift(offset),
            words: words(s.of(paragraph)).map(|w| w.shift(s.start + offset)).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            series: "s".into(),
            date: NaiveDate::from_ymd_opt(2021, 6, 28).unwrap(),
            title: None,
            place: None,
            source: None,
        }
    }

    #[test]
    fn spans_point_into_the_joined_text() {
        let doc = Document::new(meta(), ["First one. Second.", "Third, the U.S. way."]);
        assert_eq!(doc.text(), "First one. Second.\n\nThird, the U.S. way.");
        assert_eq!(doc.paragraph_text(1), "Third, the U.S. way.");
        let first = &doc.paragraphs()[0];
        assert_eq!(first.sentences(&doc).len(), 2);
        assert_eq!(first.sentences(&doc)[1].text(&doc), "Second.");
        let words: Vec<_> =
            doc.paragraphs()[1].sentences(&doc)[0].words.iter().map(|w| w.of(doc.text())).collect();
        assert_eq!(words, ["Third", "the", "U", "S", "way"]);
        assert_eq!(doc.word_count(), 8);
    }

    #[test]
    fn keys_leave_text_alone() {
        let doc = Document::new(meta(), ["The  Coalition’s AIM."]);
        assert_eq!(doc.paragraphs()[0].key(&doc), "the coalition's aim.");
        assert_eq!(doc.paragraph_text(0), "The  Coalition’s AIM.");
    }
}
