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
//! Reading and writing are best effort: a cache that cannot be read is empty, one that cannot
//! be written (read-only repository, full disk) is skipped. Writes go to a temporary file
//! renamed over the old one, so a reader never sees half a cache.

use std::fs;
use std::path::{Path, PathBuf};

use crate::align::hash::FxHashMap;
use crate::lineage::Prints;

/// The first bytes of a cache file.
const MAGIC: &[u8] = b"communique sentence prints\n";
/// The encoding, including the rules that make prints (sentence splitting, word tokens, word
/// fingerprints): change it whenever any of them changes.
const FORMAT: u32 = 1;

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
        bytes.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (key, prints) in entries {
            bytes.extend_from_slice(&key.to_le_bytes());
            prints.encode(&mut bytes);
        }
        // Best effort: a cache that cannot be written is only a slower next run.
        let dir = path.parent().expect("a cache file in a folder");
        let _ = fs::create_dir_all(dir).and_then(|()| crate::files::write_atomically(path, &bytes));
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

fn decode(bytes: &[u8]) -> Option<FxHashMap<u128, Prints>> {
    let mut rest = bytes.strip_prefix(header().as_slice())?;
    let (count, tail) = rest.split_first_chunk::<4>()?;
    rest = tail;
    let count = u32::from_le_bytes(*count) as usize;
    let mut entries = FxHashMap::default();
    entries.reserve(count.min(rest.len() / 24));
    for _ in 0..count {
        let (key, tail) = rest.split_first_chunk::<16>()?;
        let (prints, tail) = Prints::decode(tail)?;
        entries.insert(u128::from_le_bytes(*key), prints);
        rest = tail;
    }
    rest.is_empty().then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::Memo;

    fn prints(paragraphs: &[&str]) -> Prints {
        Prints::of(paragraphs.iter().copied(), &mut Memo::default())
    }

    #[test]
    fn round_trip_and_every_truncation_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = PrintCache::path(dir.path(), "s");
        let a = prints(&["One sentence. Another one here.", "A second paragraph; with a clause."]);
        let b = prints(&["", "Éléments non ASCII, et «guillemets»."]);
        let used = [(key("a"), &a), (key("b"), &b)];
        PrintCache::default().store(&path, &used);
        let cache = PrintCache::load(&path);
        assert_eq!(cache.get(key("a")), Some(&a));
        assert_eq!(cache.get(key("b")), Some(&b));
        assert_eq!(cache.get(key("c")), None);

        let bytes = fs::read(&path).unwrap();
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "a cache cut at byte {cut} was accepted");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
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
