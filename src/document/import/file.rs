//! A file read as a document in memory, exactly as `add` would import it, for comparisons that
//! need no corpus.

use chrono::NaiveDate;

use super::{ImportError, ImportOptions, MetaError, MetaFlags, Note, import_reusing, resolve};
use crate::document::{Document, Meta};

/// A file imported in memory.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The document (its series is `file`; its date the found one, or the earliest date).
    pub document: Document,
    /// The date found in the file name or text, if any.
    pub date: Option<NaiveDate>,
    /// What the clean-up did.
    pub notes: Vec<Note>,
}

/// Imports `bytes` (named `name`) as `add` would, without needing a date: a file with none
/// still compares.
pub fn load(name: &str, bytes: Vec<u8>, options: ImportOptions) -> Result<Loaded, ImportError> {
    let (mut imported, buffer) = import_reusing(bytes, name, options)?;
    // Title, place and source are shown as found (the renderers escape them): a line break in
    // one, which `add` refuses, must not cost a compared file its date.
    let title = imported.found.title.take();
    let place = imported.found.place.take();
    let source = imported.found.source.take();
    let (meta, date) = match resolve(&imported, &MetaFlags::default(), name, Ok("file")) {
        Ok(resolved) => {
            let date = resolved.meta.date;
            (Meta { title, place, source, ..resolved.meta }, Some(date))
        }
        Err(
            MetaError::NoDate
            | MetaError::FileNameDate(_)
            | MetaError::Name(_)
            | MetaError::NoSeries(_)
            | MetaError::Line { .. },
        ) => {
            let meta = Meta { series: "file".into(), date: NaiveDate::MIN, title, place, source };
            (meta, None)
        }
    };
    let document = Document::in_buffer(meta, &imported.paragraphs, buffer);
    Ok(Loaded { document, date, notes: imported.notes })
}
