//! Where wording comes from: the first appearance of a phrase across a series (`blame`), the
//! origin of every sentence of a meeting (`annotate`), and keyword in context (`grep`).
//!
//! Pure computation over documents in chronological order; `ops` loads them from the corpus
//! and keeps the sentence prints in the corpus's cache ([`Prints::encode`], [`Prints::FORMAT`]).
//!
//! Layer: imports only `document` and `text`.

mod annotate;
mod blame;
mod edits;
mod fuzzy;
mod grep;
pub mod index;
mod phrase;
mod provenance;
pub mod stored;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use annotate::{
    Annotated, Annotation, Elsewhere, Memo, Origin, Prints, SCHEMA as ANNOTATE_SCHEMA, SHORTEST_CONTAINED,
    Traced, annotate, annotation, borrowed, sequence_print, trace, trace_after, trace_each,
    traced_annotation,
};
pub use blame::{Appearance, BeforeWindow, Blame, Presence, appearance_in, blame};
pub use fuzzy::{Change, ChangeKind, Piece, Variant, variants};
pub use grep::{Hit, grep, hits_in};
pub use phrase::{Match, Phrase, PhraseSet};
pub use provenance::{PAIRED, WordOrigin, word_list, word_origins, word_origins_after, word_origins_each};

#[cfg(test)]
use crate::document::Document;
use crate::document::Meeting;

/// A meeting named in an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRef {
    /// Its id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
}

impl MeetingRef {
    /// The reference to `meeting`.
    pub fn of(meeting: &Meeting) -> Self {
        Self { id: meeting.id.clone(), date: meeting.date }
    }
}

/// The prints of the meetings of the shipped corpus's `series`, in date order (at most
/// `most`): real series for tests of what a pass over a series finds.
#[cfg(test)]
pub(crate) fn shipped_series(series: &str, most: usize) -> Vec<Prints> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(series);
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("the shipped corpus")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md") && !path.ends_with("SOURCE.md"))
        .collect();
    files.sort();
    let texts: Vec<String> =
        files.iter().take(most).map(|path| std::fs::read_to_string(path).expect("a meeting file")).collect();
    let mut memo = Memo::default();
    texts
        .iter()
        .map(|text| {
            let body = text.splitn(3, "+++").nth(2).expect("front matter, then the body");
            Prints::of(crate::document::storage::body_paragraphs(body.trim_start_matches('\n')), &mut memo)
        })
        .collect()
}

/// A meeting of series `s` on `date` with these paragraphs, for unit tests.
#[cfg(test)]
pub(crate) fn test_meeting(date: &str, paragraphs: &[&str]) -> Meeting {
    let date: NaiveDate = date.parse().expect("a test date");
    let meta = crate::document::Meta { series: "s".into(), date, title: None, place: None, source: None };
    Meeting { id: format!("s/{date}"), series: "s".into(), date, document: Document::new(meta, paragraphs) }
}
