//! Where wording comes from: the first appearance of a phrase across a series (`blame`), the
//! origin of every sentence of a meeting (`annotate`), and keyword in context (`grep`).
//!
//! Pure computation over documents in chronological order; the corpus loads them.

mod annotate;
mod blame;
mod fuzzy;
mod grep;
mod phrase;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use annotate::{
    Annotated, Annotation, Memo, Origin, Prints, annotate, annotation, sequence_print, trace,
};
pub use blame::{Appearance, Blame, Presence, blame};
pub use fuzzy::{Variant, variants};
pub use grep::{Hit, grep};
pub use phrase::{Match, Phrase, PhraseSet};

use crate::document::Document;

/// A meeting as lineage sees it: its id, date and text.
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

/// A meeting named in an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRef {
    /// Its id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
}

impl Meeting {
    /// The reference to this meeting.
    pub fn reference(&self) -> MeetingRef {
        MeetingRef { id: self.id.clone(), date: self.date }
    }

    /// The sentence of paragraph `p` (0-based) that holds byte `at` of the document.
    pub(crate) fn sentence_at(&self, p: usize, at: usize) -> &str {
        let doc = &self.document;
        doc.paragraphs()[p]
            .sentences(doc)
            .iter()
            .find(|s| s.span.start <= at && at < s.span.end)
            .map_or_else(|| doc.paragraph_text(p), |s| s.text(doc))
    }
}

/// A meeting of series `s` on `date` with these paragraphs, for unit tests.
#[cfg(test)]
pub(crate) fn test_meeting(date: &str, paragraphs: &[&str]) -> Meeting {
    let date: NaiveDate = date.parse().expect("a test date");
    let meta = crate::document::Meta { series: "s".into(), date, title: None, place: None, source: None };
    Meeting { id: format!("s/{date}"), series: "s".into(), date, document: Document::new(meta, paragraphs) }
}
