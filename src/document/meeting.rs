//! A meeting: a dated document of a series, as the corpus hands it to the analysis layers.

use chrono::NaiveDate;

use super::Document;

/// A meeting of a series: its id, date and text, as the analysis layers read it.
#[derive(Clone, Debug)]
pub struct Meeting {
    /// Its id (`fomc/2025-07-30`).
    pub id: String,
    /// Its series.
    pub series: String,
    /// Its date.
    pub date: NaiveDate,
    /// Its text.
    pub document: Document,
}

impl Meeting {
    /// The sentence of paragraph `p` (0-based) that holds byte `at` of the document.
    pub fn sentence_at(&self, p: usize, at: usize) -> &str {
        let doc = &self.document;
        doc.paragraphs()[p]
            .sentences(doc)
            .iter()
            .find(|s| s.span.start <= at && at < s.span.end)
            .map_or_else(|| doc.paragraph_text(p), |s| s.text(doc))
    }
}
