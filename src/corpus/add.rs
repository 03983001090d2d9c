//! Adding meetings: import files, settle their ids, and record them all in one commit.

use std::collections::{BTreeSet, HashMap};

use super::transaction::Change;
use super::{Corpus, CorpusError, MeetingId, config};
use crate::document::import::{self, Dropped, ImportOptions, MetaFlags, Note};
use crate::document::storage;

/// A file to add: a name to report and derive metadata from, and its bytes.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file's path (or the web address) as the user gave it.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// What the web server said of it, when it was fetched.
    pub origin: Option<import::Origin>,
}

/// A file imported and ready to be stored.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The file it came from.
    pub file: String,
    /// The id it will have.
    pub id: MeetingId,
    /// Its text in the storage format.
    pub stored: String,
    /// What the clean-up did.
    pub notes: Vec<Note>,
    /// When the date was read from the text, the words it came from.
    pub date_from_text: Option<String>,
    /// The paragraphs of a web page left out around its statement, with why.
    pub dropped: Vec<Dropped>,
}

/// What an `add` did, meeting by meeting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// New meetings.
    pub added: Vec<MeetingId>,
    /// Meetings whose text was corrected (`--replace`).
    pub replaced: Vec<MeetingId>,
    /// Meetings re-added with the text they already had.
    pub unchanged: Vec<MeetingId>,
    /// Series created by this call.
    pub new_series: Vec<String>,
}

impl Corpus {
    /// The series a meeting goes to when none is named: the corpus's only series; else the
    /// series to choose from (none, or several).
    fn default_series(&self, listing: &super::Listing) -> Result<String, Vec<String>> {
        let mut names: BTreeSet<&str> = listing.series_names().into_iter().collect();
        names.extend(self.config.series.keys().map(String::as_str));
        match names.len() {
            1 => Ok(names.first().expect("one name").to_string()),
            _ => Err(names.into_iter().map(str::to_string).collect()),
        }
    }

    /// Imports files and settles their ids, writing nothing.
    pub fn prepare(
        &self,
        sources: &[Source],
        flags: &MetaFlags,
        raw: bool,
    ) -> Result<Vec<Prepared>, CorpusError> {
        self.prepare_each(sources, flags, raw, &mut || {})
    }

    /// [`Corpus::prepare`], calling `each` after every file (for a progress bar).
    pub fn prepare_each(
        &self,
        sources: &[Source],
        flags: &MetaFlags,
        raw: bool,
        each: &mut dyn FnMut(),
    ) -> Result<Vec<Prepared>, CorpusError> {
        let listing = self.listing()?;
        let default_series = self.default_series(&listing);
        let options = ImportOptions { raw };
        sources
            .iter()
            .map(|source| {
                each();
                let file = source.name.clone();
                let imported = match &source.origin {
                    Some(origin) => import::import_fetched(source.bytes.clone(), &file, origin, options),
                    None => import::import_bytes(source.bytes.clone(), &file, options),
                }
                .map_err(|e| CorpusError::Import { file: file.clone(), source: e })?;
                let resolved = import::resolve(
                    &imported,
                    flags,
                    &file,
                    default_series.as_deref().map_err(Vec::as_slice),
                )
                .map_err(|e| CorpusError::Meta { file: file.clone(), source: e })?;
                let id = MeetingId {
                    date: resolved.meta.date,
                    series: resolved.meta.series.as_str().into(),
                    slug: resolved.slug,
                };
                Ok(Prepared {
                    stored: storage::render_parts(
                        &resolved.meta,
                        imported.paragraphs.iter().map(String::as_str),
                    ),
                    file,
                    id,
                    notes: imported.notes,
                    date_from_text: resolved.date_from_text,
                    dropped: imported.dropped,
                })
            })
            .collect()
    }

    /// Stores prepared meetings in one commit. An existing id is refused unless `replace`; with
    /// `replace`, an id that does not exist is refused.
    pub fn add(
        &self,
        prepared: &[Prepared],
        replace: bool,
        message: Option<&str>,
    ) -> Result<Added, CorpusError> {
        // Under the lock from the first look at the listing to the commit: two adds at once
        // run one after the other, the second seeing the first's meetings.
        let _lock = self.lock()?;
        // Before anything is read or written: no path through a symbolic link.
        let paths: Vec<String> = prepared.iter().map(|p| p.id.path()).collect();
        self.refuse_links(paths.iter().map(String::as_str), None)?;
        let mut seen: HashMap<&MeetingId, &str> = HashMap::new();
        for p in prepared {
            if let Some(first) = seen.insert(&p.id, &p.file) {
                return Err(CorpusError::SameId {
                    id: p.id.to_string(),
                    first: first.into(),
                    second: p.file.clone(),
                });
            }
        }
        let listing = self.listing()?;
        let mut outcome = Added::default();
        let mut changes = Vec::new();
        for p in prepared {
            if listing.contains(&p.id) {
                if !replace {
                    return Err(CorpusError::Exists(p.id.to_string()));
                }
                let path = self.root.join(p.id.path());
                // Unchanged if the file is what writing it would give (with the line endings
                // git checks it out with).
                if super::read_stored_bytes(&path)? == self.work_tree_bytes(&p.id.path(), &p.stored)? {
                    outcome.unchanged.push(p.id.clone());
                    continue;
                }
                outcome.replaced.push(p.id.clone());
            } else if replace {
                // A correction of a meeting that is not there: most likely a slug or date
                // mistyped, which would add a second meeting beside the one meant.
                let same_date = listing
                    .series(&p.id.series)
                    .filter(|id| id.date == p.id.date)
                    .map(ToString::to_string)
                    .collect();
                return Err(CorpusError::NothingToReplace {
                    id: p.id.to_string(),
                    same_date,
                    series: p.id.series.to_string(),
                    date: p.id.date.to_string(),
                });
            } else {
                outcome.added.push(p.id.clone());
            }
            changes.push(Change::write(p.id.path(), p.stored.clone()));
        }
        let known: BTreeSet<&str> =
            listing.series_names().into_iter().chain(self.config.series.keys().map(String::as_str)).collect();
        let new_series: BTreeSet<&str> =
            prepared.iter().map(|p| &*p.id.series).filter(|s| !known.contains(s)).collect();
        if !new_series.is_empty() {
            let path = self.root.join(config::FILE_NAME);
            // As git stores it: a file checked out with CRLF (core.autocrlf, eol=crlf) commits
            // as LF, like git's own `git add` would.
            let mut text = super::read_stored(&path)?.replace("\r\n", "\n");
            for series in &new_series {
                text = config::with_series(&text, series, series)
                    .map_err(|error| CorpusError::Config { path: path.clone(), error })?;
                outcome.new_series.push(series.to_string());
            }
            changes.push(Change::write(config::FILE_NAME, text));
        }
        if changes.is_empty() {
            return Ok(outcome);
        }
        let message = message.map_or_else(|| default_message(&outcome), str::to_string);
        self.commit(&changes, &message)?;
        Ok(outcome)
    }
}

fn default_message(outcome: &Added) -> String {
    let describe = |verb: &str, ids: &[MeetingId]| match ids {
        [] => None,
        [one] => Some(format!("{verb} {one}")),
        many => {
            let series: BTreeSet<&str> = many.iter().map(|m| &*m.series).collect();
            Some(format!(
                "{verb} {} meetings to {}",
                many.len(),
                series.into_iter().collect::<Vec<_>>().join(", ")
            ))
        }
    };
    let parts: Vec<String> = [describe("Add", &outcome.added), describe("Correct", &outcome.replaced)]
        .into_iter()
        .flatten()
        .collect();
    parts.join("; ")
}
