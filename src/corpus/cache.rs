//! The sentence-print cache: what `annotate` needs of each meeting ([`Prints`]), kept in the
//! repository's git directory (`.git/communique/prints/<series>.bin`), never in the work tree.
//!
//! An entry is keyed by a 128-bit hash (XXH3) of the exact text of a meeting's body, so it
//! describes that text and no other: an edited, replaced or re-added meeting has another key
//! and is reduced afresh; the cache can be missing, old or garbled and the answer is the same,
//! only slower. Nothing is trusted from file names, times or sizes. The header names the
//! encoding and the communique version, so a build that splits sentences differently never
//! reads another's entries.
//!
//! Each entry carries its own checksum (XXH3-64 of its length, key and prints), so a damaged
//! entry (a flipped bit, bytes overwritten) is dropped and its meeting reduced afresh, while the
//! entries around it still serve; well-formed is not enough, since garbled words still decode.
//!
//! Reading and writing are best effort: a cache that cannot be read is empty, one that cannot
//! be written (read-only repository, full disk) is skipped. Writes go through the durable
//! writer ([`crate::files::write_durably`]): a reader never sees half a cache.

use std::fs;
use std::path::{Path, PathBuf};

use crate::align::hash::FxHashMap;
use crate::lineage::Prints;

/// The first bytes of a cache file.
const MAGIC: &[u8] = b"communique sentence prints\n";
/// The encoding, including the rules that make prints (sentence splitting, word tokens, word
/// fingerprints): change it whenever any of them changes.
const FORMAT: u32 = 2;

/// The content key of a meeting body.
pub(crate) fn key(body: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(body.as_bytes())
}

/// Entries read from one cache file.
#[derive(Debug, Default)]
pub(crate) struct PrintCache {
    entries: FxHashMap<u128, Prints>,
}

impl PrintCache {
    /// The file for `series` in the git directory `git_dir`.
    pub(crate) fn path(git_dir: &Path, series: &str) -> PathBuf {
        git_dir.join("communique").join("prints").join(format!("{series}.bin"))
    }

    /// The entries of the file at `path`; none when it is missing, unreadable, of another
    /// format or version, or malformed anywhere.
    pub(crate) fn load(path: &Path) -> Self {
        let entries = fs::read(path).ok().and_then(|bytes| decode(&bytes)).unwrap_or_default();
        Self { entries }
    }

    /// The prints of the body with this key, if cached.
    pub(crate) fn get(&self, key: u128) -> Option<&Prints> {
        self.entries.get(&key)
    }

    /// Writes `used` (the entries a command needed) to `path`, with the entries read before
    /// unless they outnumber the used ones (texts since edited or removed, or meetings beyond
    /// the one annotated: kept for the next run, but not without bound).
    pub(crate) fn store(self, path: &Path, used: &[(u128, &Prints)]) {
        let mut bytes = header();
        let stale: Vec<(&u128, &Prints)> = if self.entries.len() <= 2 * used.len() {
            let used: std::collections::HashSet<u128> = used.iter().map(|(k, _)| *k).collect();
            self.entries.iter().filter(|(k, _)| !used.contains(k)).collect()
        } else {
            Vec::new()
        };
        let mut seen = std::collections::HashSet::new();
        let entries: Vec<(u128, &Prints)> = used
            .iter()
            .copied()
            .chain(stale.into_iter().map(|(k, p)| (*k, p)))
            .filter(|(k, _)| seen.insert(*k))
            .collect();
        let mut payload = Vec::new();
        for (key, prints) in entries {
            payload.clear();
            payload.extend_from_slice(&key.to_le_bytes());
            prints.encode(&mut payload);
            let Ok(length) = u32::try_from(payload.len()) else {
                continue; // a meeting of more than 4 GiB of prints: not worth keeping
            };
            let start = bytes.len();
            bytes.extend_from_slice(&length.to_le_bytes());
            bytes.extend_from_slice(&payload);
            let checksum = xxhash_rust::xxh3::xxh3_64(&bytes[start..]);
            bytes.extend_from_slice(&checksum.to_le_bytes());
        }
        // Best effort: a cache that cannot be written is only a slower next run.
        let dir = path.parent().expect("a cache file in a folder");
        let _ = fs::create_dir_all(dir)
            .map(|()| crate::files::write_durably(path, &bytes, crate::files::Temporary::PerProcess, None));
    }
}

fn header() -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    bytes.push(version.len() as u8);
    bytes.extend_from_slice(version);
    bytes
}

/// The entries of a cache file: `None` when its header is not this build's; otherwise every
/// entry whose checksum holds, each entry framed as `length, key, prints, checksum`. An entry
/// whose checksum fails is skipped by its length; a length that reaches past the end ends the
/// reading (what follows cannot be framed).
fn decode(bytes: &[u8]) -> Option<FxHashMap<u128, Prints>> {
    let mut rest = bytes.strip_prefix(header().as_slice())?;
    let mut entries = FxHashMap::default();
    while let Some((length, _)) = rest.split_first_chunk::<4>() {
        let length = u32::from_le_bytes(*length) as usize;
        let Some((framed, tail)) =
            length.checked_add(4).filter(|n| n + 8 <= rest.len()).map(|n| rest.split_at(n))
        else {
            break;
        };
        let (checksum, tail) = tail.split_first_chunk::<8>()?;
        rest = tail;
        if xxhash_rust::xxh3::xxh3_64(framed) != u64::from_le_bytes(*checksum) {
            continue;
        }
        let Some((key, prints)) = framed[4..].split_first_chunk::<16>() else {
            continue;
        };
        if let Some((prints, [])) = Prints::decode(prints) {
            entries.insert(u128::from_le_bytes(*key), prints);
        }
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::Memo;

    fn prints(paragraphs: &[&str]) -> Prints {
        Prints::of(paragraphs.iter().copied(), &mut Memo::default())
    }

    /// A cache of two entries, stored and read back; its path and the two entries.
    fn two_entries(dir: &Path) -> (PathBuf, Prints, Prints) {
        let path = PrintCache::path(dir, "s");
        let a = prints(&["One sentence. Another one here.", "A second paragraph; with a clause."]);
        let b = prints(&["", "Éléments non ASCII, et «guillemets»."]);
        PrintCache::default().store(&path, &[(key("a"), &a), (key("b"), &b)]);
        (path, a, b)
    }

    #[test]
    fn round_trip_and_a_truncated_file_keeps_only_whole_entries() {
        let dir = tempfile::tempdir().unwrap();
        let (path, a, b) = two_entries(dir.path());
        let cache = PrintCache::load(&path);
        assert_eq!(cache.get(key("a")), Some(&a));
        assert_eq!(cache.get(key("b")), Some(&b));
        assert_eq!(cache.get(key("c")), None);

        let bytes = fs::read(&path).unwrap();
        let whole = |entries: &FxHashMap<u128, Prints>| {
            entries.get(&key("a")).is_none_or(|p| *p == a) && entries.get(&key("b")).is_none_or(|p| *p == b)
        };
        for cut in 0..bytes.len() {
            let entries = decode(&bytes[..cut]).unwrap_or_default();
            assert!(entries.len() < 2 && whole(&entries), "a cache cut at byte {cut} gave {entries:?}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer).map(|e| e.len()), Some(2));
    }

    #[test]
    fn a_damaged_entry_is_dropped_and_the_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (path, a, b) = two_entries(dir.path());
        let bytes = fs::read(&path).unwrap();
        for at in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                let entries = decode(&damaged).unwrap_or_default();
                assert!(entries.len() < 2, "byte {at} ^ {flip:#x} went unnoticed");
                for (k, p) in &entries {
                    assert!((*k, p) == (key("a"), &a) || (*k, p) == (key("b"), &b), "byte {at} ^ {flip:#x}");
                }
            }
        }
        // Damage in the first entry's prints leaves the second one readable.
        let mut damaged = bytes.clone();
        let first_prints = header().len() + 4 + 16 + 10;
        damaged[first_prints] ^= 0x10;
        let entries = decode(&damaged).unwrap();
        assert_eq!((entries.len(), entries.get(&key("b"))), (1, Some(&b)));
    }

    #[test]
    fn other_versions_and_garbage_read_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = PrintCache::path(dir.path(), "s");
        assert!(PrintCache::load(&path).entries.is_empty()); // missing
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, b"communique sentence prints\n\x02\0\0\0garbage").unwrap();
        assert!(PrintCache::load(&path).entries.is_empty());
        let mut huge = header();
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        huge.extend_from_slice(&[0xff; 40]);
        fs::write(&path, huge).unwrap();
        assert!(PrintCache::load(&path).entries.is_empty());
        let mut format_1 = MAGIC.to_vec();
        format_1.extend_from_slice(&1u32.to_le_bytes());
        fs::write(&path, format_1).unwrap();
        assert!(PrintCache::load(&path).entries.is_empty());
    }

    #[test]
    fn unused_entries_are_kept_but_not_without_bound() {
        let dir = tempfile::tempdir().unwrap();
        let path = PrintCache::path(dir.path(), "s");
        let p = prints(&["Text."]);
        let keys: Vec<u128> = (0..5).map(|i| key(&i.to_string())).collect();
        PrintCache::default().store(&path, &keys.iter().map(|k| (*k, &p)).collect::<Vec<_>>());
        // Two used, five known: the three others outnumber them and go.
        PrintCache::load(&path).store(&path, &[(keys[0], &p), (keys[1], &p)]);
        assert_eq!(PrintCache::load(&path).entries.len(), 2);
        // Three used, two known besides: kept.
        PrintCache::load(&path).store(&path, &[(keys[2], &p), (keys[3], &p), (keys[4], &p)]);
        assert_eq!(PrintCache::load(&path).entries.len(), 5);
    }
}
