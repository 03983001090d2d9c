//! Watched phrases for the answers: which ones appeared or vanished between two meetings (and
//! where each new one first entered its series), and `watchlist`, each phrase's presence
//! across a series.

use serde::{Deserialize, Serialize};

use super::answers::{Window, first_appearance, read_meetings};
use super::index::Indexes;
use super::{Error, Progress, Quiet, Workspace};
use crate::document::Document;
use crate::lineage::{self, Phrase};
use crate::signals::watch::{self, Seen, Spell, WatchedPhrase};

/// The watched phrases of the later meeting's series in two meetings: whether each has each
/// phrase, and for a phrase the later one has and the earlier one lacks, the first meeting of
/// the series (up to the later one's date) that had it.
pub(super) fn watched(ws: &Workspace, old: &Document, new: &Document) -> Result<Vec<WatchedPhrase>, Error> {
    let watches = ws.watches_for(&new.meta.series);
    if watches.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = watch::presence(&watches, old, new);
    if !found.iter().any(|w| w.moved() == Some(true)) {
        return Ok(found);
    }
    let corpus = ws.corpus();
    let listing = corpus.listing()?;
    let ids = listing.select(Some(&new.meta.series), None, Some(new.meta.date))?;
    // The word index of the series, read once for every phrase that appeared.
    let mut indexes = Indexes::of(corpus, &listing, &ids, &mut Quiet);
    let phrases: Vec<&Phrase> = watches.iter().flat_map(|w| w.phrases.iter()).collect();
    for (w, phrase) in found.iter_mut().zip(phrases) {
        if w.moved() != Some(true) {
            continue;
        }
        // From the word index, else read a batch of meetings at a time.
        let indexed = indexes.as_ref().map(|indexes| indexes.blame(phrase, &ids, true));
        let first = match indexed {
            Some(Ok(found)) => found.into_iter().find_map(|(_, a)| a),
            Some(Err(_)) => {
                if let Some(indexes) = indexes.take() {
                    indexes.discard_damaged();
                }
                first_appearance(corpus, phrase, &ids, &mut Quiet)?
            }
            None => first_appearance(corpus, phrase, &ids, &mut Quiet)?,
        };
        w.first_seen = first.map(|a| Seen { id: a.id, date: a.date });
    }
    Ok(found)
}

/// The schema name of [`Watchlist`]'s JSON.
pub const WATCHLIST_SCHEMA: &str = "communique.watchlist/1";

/// Each watched phrase's presence across a series (`communique watchlist`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watchlist {
    /// Always [`WATCHLIST_SCHEMA`].
    pub schema: String,
    /// The series.
    pub series: String,
    /// Its meetings read, in date order.
    pub meetings: Vec<Seen>,
    /// The watches that apply to it, in the settings' order.
    pub watches: Vec<WatchLine>,
}

/// One watch of a [`Watchlist`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchLine {
    /// Its name.
    pub name: String,
    /// Its readable name.
    pub label: String,
    /// Its phrases, in the settings' order.
    pub phrases: Vec<PhraseLine>,
}

/// One phrase of a [`Watchlist`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhraseLine {
    /// The phrase as written in the settings.
    pub phrase: String,
    /// Per meeting of the watchlist, whether it has the phrase.
    pub present: Vec<bool>,
    /// The stretches of meetings that have it: where it entered and where it left.
    pub spells: Vec<Spell>,
}

/// Each watched phrase of a series (the only one when the corpus has one) across its meetings.
pub fn watchlist(ws: &Workspace, window: &Window, progress: &mut dyn Progress) -> Result<Watchlist, Error> {
    let corpus = ws.corpus();
    let listing = corpus.listing()?;
    let series = super::answers::one_series(&listing, window)?;
    let watches = ws.watches_for(&series);
    if watches.is_empty() {
        return Err(Error::NoWatches { file: corpus.root().join(crate::corpus::config::FILE_NAME), series });
    }
    // The series from its first meeting, so that a phrase in the window since before it is
    // said to have entered where it did; the strips show the window.
    let ids = listing.select(Some(&series), None, window.until)?;
    let from = window.since.map_or(0, |since| ids.partition_point(|id| id.date < since));
    // Every phrase's presence from the word index; from the meetings when it cannot answer.
    let phrases: Vec<&Phrase> = watches.iter().flat_map(|w| w.phrases.iter()).collect();
    let indexed = Indexes::of(corpus, &listing, &ids, progress).and_then(|indexes| {
        let found: Result<Vec<Vec<bool>>, lineage::index::Damaged> = phrases
            .iter()
            .map(|p| {
                Ok(indexes.blame(p, &ids, false)?.into_iter().map(|(presence, _)| presence.present).collect())
            })
            .collect();
        found.inspect_err(|_| indexes.discard_damaged()).ok()
    });
    let (meetings, present): (Vec<Seen>, Vec<Vec<bool>>) = match indexed {
        Some(present) => (ids.iter().map(|id| Seen { id: id.to_string(), date: id.date }).collect(), present),
        None => {
            let read = read_meetings(corpus, &ids, progress)?;
            let present = phrases
                .iter()
                .map(|p| lineage::blame(p, &read).meetings.iter().map(|m| m.present).collect())
                .collect();
            (read.iter().map(|m| Seen { id: m.id.clone(), date: m.date }).collect(), present)
        }
    };
    let mut present = present.into_iter();
    let watches = watches
        .iter()
        .map(|w| WatchLine {
            name: w.name.clone(),
            label: w.label.clone(),
            phrases: w
                .phrases
                .iter()
                .map(|p| {
                    let present = present.next().expect("one presence per phrase");
                    // The stretches that reach into the window.
                    let spells = watch::spells(&meetings, &present)
                        .into_iter()
                        .filter(|spell| {
                            let left = spell.left.as_ref().map(|left| left.date);
                            left.is_none_or(|left| window.since.is_none_or(|since| left >= since))
                        })
                        .collect();
                    PhraseLine { phrase: p.text.clone(), spells, present: present[from..].to_vec() }
                })
                .collect(),
        })
        .collect();
    let meetings = meetings[from..].to_vec();
    Ok(Watchlist { schema: WATCHLIST_SCHEMA.to_string(), series, meetings, watches })
}
