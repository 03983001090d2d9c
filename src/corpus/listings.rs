//! Which meetings a series folder holds, known without listing it: the ids its file names
//! give, and what reading them warned of, kept with the folder's stamp in a cache of the git
//! directory.
//!
//! A folder's change time and modification time move whenever an entry is created, removed
//! or renamed in it, so a folder whose stamp is the one stored holds the same names (edits to
//! the files inside do not matter: a listing is names only). As for files
//! ([`super::stamps`]), a stamp is kept only once it is settled, and never on a file system
//! whose stamps can miss a change.
//!
//! The ids are stored sorted, in records of one size, so that a reference such as
//! `fomc:latest~1` reads the two it needs without decoding the others: listing a folder of
//! 24,000 meetings reads a megabyte of entries and parses every name, where this reads a few
//! hundred kilobytes and decodes two records.

use std::sync::Arc;
use std::time::SystemTime;

use chrono::{Datelike, NaiveDate};

use super::MeetingId;
use super::cache::{Cache, Kind, Reader};
use super::stamps::Stamp;

/// The cache of listings.
pub(crate) const LISTINGS: Kind = Kind { name: "series listing", format: 1 };

/// What a series folder held when read: its meetings, sorted, and the warnings its other
/// entries gave.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Held {
    pub(crate) ids: Vec<MeetingId>,
    pub(crate) warnings: Vec<String>,
}

/// A series' name and its listing, encoded ([`Held::encode`]).
pub(crate) type Encoded = (Arc<str>, Bytes);

/// Encoded bytes: a range of a buffer (a listing read in place from its cache file), or a
/// buffer of their own.
#[derive(Debug)]
pub(crate) struct Bytes {
    buffer: Vec<u8>,
    range: std::ops::Range<usize>,
}

impl Bytes {
    /// `buffer`, whole.
    pub(crate) fn own(buffer: Vec<u8>) -> Self {
        Self { range: 0..buffer.len(), buffer }
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.buffer[self.range.clone()]
    }
}

/// The bytes of one id's record: days from the common era's first day (`i32`), then where
/// its slug starts and how long it is in the slugs (`u32` each; 0 long for none).
const RECORD: usize = 12;

impl Held {
    /// `u32` count, the records, `u32` length of the slugs then the slugs, `u32` count of
    /// warnings then each as `u32` length and bytes.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut slugs = String::new();
        let mut out = Vec::with_capacity(12 + self.ids.len() * RECORD);
        out.extend_from_slice(&(self.ids.len() as u32).to_le_bytes());
        for id in &self.ids {
            let slug = id.slug.as_deref().unwrap_or("");
            out.extend_from_slice(&id.date.num_days_from_ce().to_le_bytes());
            out.extend_from_slice(&(slugs.len() as u32).to_le_bytes());
            out.extend_from_slice(&(slug.len() as u32).to_le_bytes());
            slugs.push_str(slug);
        }
        super::cache::put_text(&mut out, &slugs);
        super::cache::put_count(&mut out, self.warnings.len());
        for warning in &self.warnings {
            super::cache::put_text(&mut out, warning);
        }
        out
    }
}

/// An encoded listing, read in place: an id at a time, or all.
pub(crate) struct Stored<'a> {
    records: &'a [u8],
    slugs: &'a str,
    warnings: &'a [u8],
}

impl<'a> Stored<'a> {
    /// The listing in `bytes` ([`Held::encode`]'s), if they hold one.
    pub(crate) fn parse(bytes: &'a [u8]) -> Option<Self> {
        let mut r = Reader::new(bytes);
        let count = r.u32()?;
        let records = r.take(count.checked_mul(RECORD)?)?;
        let length = r.u32()?;
        let slugs = std::str::from_utf8(r.take(length)?).ok()?;
        Some(Self { records, slugs, warnings: r.rest() })
    }

    /// How many meetings it holds.
    pub(crate) fn len(&self) -> usize {
        self.records.len() / RECORD
    }

    /// The meeting at `index` in date order, in series `series`.
    pub(crate) fn id(&self, index: usize, series: &Arc<str>) -> Option<MeetingId> {
        let (date, slug) = self.parts(index)?;
        let slug = (!slug.is_empty()).then(|| slug.to_string());
        Some(MeetingId { date, series: Arc::clone(series), slug })
    }

    /// Every meeting, in date order, in series `series`.
    pub(crate) fn ids(&self, series: &Arc<str>) -> Option<Vec<MeetingId>> {
        (0..self.len()).map(|i| self.id(i, series)).collect()
    }

    /// Where `id` is in date order, if it is held.
    pub(crate) fn position(&self, id: &MeetingId) -> Option<usize> {
        let wanted = (id.date, id.slug.as_deref().unwrap_or(""));
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.parts(middle)?.cmp(&wanted) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// The warnings the folder's other entries gave.
    pub(crate) fn warnings(&self) -> Option<Vec<String>> {
        let mut r = Reader::new(self.warnings);
        let count = r.u32()?;
        let mut warnings = Vec::with_capacity(count.min(self.warnings.len() / 4));
        for _ in 0..count {
            let length = r.u32()?;
            warnings.push(std::str::from_utf8(r.take(length)?).ok()?.to_string());
        }
        r.rest().is_empty().then_some(warnings)
    }

    fn parts(&self, index: usize) -> Option<(NaiveDate, &'a str)> {
        let record = self.records.get(index * RECORD..(index + 1) * RECORD)?;
        let field = |k: usize| record[k * 4..k * 4 + 4].try_into().ok();
        let date = NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(field(0)?))?;
        let start = u32::from_le_bytes(field(1)?) as usize;
        let length = u32::from_le_bytes(field(2)?) as usize;
        Some((date, self.slugs.get(start..start.checked_add(length)?)?))
    }
}

/// The listing stored for the folder whose full path gave `key`, if the folder's stamp is
/// still `stamp`: its encoding ([`Held::encode`]), read in place; otherwise the cache back,
/// to store the listing read.
pub(crate) fn stored(cache: Cache, key: u128, stamp: &Stamp) -> Result<Bytes, Cache> {
    let Some(at) =
        cache.get(key).and_then(Stamp::decode).filter(|(stored, _)| stored == stamp).map(|(_, p)| p.len())
    else {
        return Err(cache);
    };
    let (buffer, range) = cache.take(key).expect("the entry just read");
    Ok(Bytes { range: range.end - at..range.end, buffer })
}

/// Keeps `encoded` as the listing of the folder whose full path gave `key`, if its stamp
/// `stamp` (taken before the folder was read) is settled at `now`.
pub(crate) fn store(cache: Cache, key: u128, stamp: &Stamp, encoded: &[u8], now: SystemTime) {
    if stamp.settled(now) {
        cache.store_keeping(&[(key, &stamp.encode(encoded))]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_round_trips_is_read_in_place_and_a_damaged_one_is_refused() {
        let series: Arc<str> = "s".into();
        let id = |stem: &str| MeetingId::in_series(&series, stem).unwrap();
        let ids = vec![id("0999-12-31"), id("2020-01-01"), id("2020-01-01-rome"), id("2020-02-01-a_b")];
        let held = Held { ids: ids.clone(), warnings: vec!["notes.md is not a meeting".into(), "é".into()] };
        let bytes = held.encode();
        let stored = Stored::parse(&bytes).unwrap();
        assert_eq!(stored.ids(&series), Some(ids.clone()));
        assert_eq!(stored.warnings(), Some(held.warnings.clone()));
        assert_eq!(stored.id(3, &series), Some(ids[3].clone()));
        assert_eq!(stored.id(4, &series), None);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(stored.position(id), Some(i));
        }
        assert_eq!(stored.position(&MeetingId::in_series(&series, "2020-01-01-paris").unwrap()), None);
        for cut in 0..bytes.len() {
            let whole =
                Stored::parse(&bytes[..cut]).and_then(|s| Some((s.ids(&series)?, s.warnings()?))).is_some();
            assert!(!whole, "cut at {cut}");
        }
    }
}
