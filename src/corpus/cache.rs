//! Caches of derived data, kept in the repository's git directory
//! (`.git/communique/<kind>/<part>.bin`), never in the work tree. The corpus stores **opaque
//! bytes keyed by content**: what they mean (sentence prints, for `annotate`) belongs to the
//! layer that computes them, which names the kind and its format.
//!
//! An entry is keyed by a 128-bit hash of the exact text it was computed from
//! ([`crate::text::hash::content_key`]), so it describes that text and no other: an edited,
//! replaced or re-added meeting has another key and is computed afresh; the cache can be
//! missing, old or garbled and the answer is the same, only slower. Nothing is trusted from
//! file names, times or sizes. The header names the kind, its format and the communique
//! version, so a build that computes differently never reads another's entries.
//!
//! Each entry carries its own checksum (XXH3-64 of its length, key and bytes), so a damaged
//! entry (a flipped bit, bytes overwritten) is dropped while the entries around it still
//! serve; well-formed is not enough, since garbled bytes may still decode.
//!
//! Reading and writing are best effort: a cache that cannot be read is empty, one that cannot
//! be written (read-only repository, full disk) is skipped. A write that keeps every entry of
//! a whole file as it was and adds a few appends them, in one `write` to the end of the very
//! file read: a reader sees a whole entry, none, or the start of one, which fails its length or
//! checksum and is dropped, and a series of 24,000 meetings does not rewrite 140 MB of prints
//! for the one meeting added. Any other write goes through the durable writer
//! (`files::write_durably`): a reader never sees half a cache.

use std::fs;
use std::path::{Path, PathBuf};

use crate::text::hash::FxHashMap;

/// What a cache holds and in which encoding: its name, as in `sentence prints`, and a format
/// number to change whenever the bytes or the rules that compute them change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    /// The name; the file lives under a folder named by its last word (`sentence prints` → `prints/`).
    pub name: &'static str,
    /// The format number.
    pub format: u32,
}

/// Entries read from one cache file, and where to write them back.
#[derive(Debug)]
pub struct Cache {
    kind: Kind,
    path: Option<PathBuf>,
    /// The file as read; the entries point into it (no copy per entry: a cache of 24,000
    /// stamps is read by every command that looks at a series).
    bytes: Vec<u8>,
    entries: FxHashMap<u128, std::ops::Range<usize>>,
    /// The file read, if it was whole (every entry sound, nothing after the last): appending
    /// to it keeps it so. Its device, inode and length, to append only to the file read
    /// (boxed: a cache is handed back by value in errors, so kept small).
    whole: Option<Box<(u64, u64, u64)>>,
}

impl Cache {
    /// The file of `kind` for `part` (a series) in the git directory `git_dir`.
    pub(crate) fn path(git_dir: &Path, kind: Kind, part: &str) -> PathBuf {
        let folder = kind.name.split(' ').next_back().unwrap_or(kind.name);
        git_dir.join("communique").join(folder).join(format!("{part}.bin"))
    }

    /// The entries of the file at `path` (none when it is missing, unreadable, of another
    /// kind, format or version, or malformed anywhere); without a path, an empty cache that
    /// is never written.
    pub(crate) fn load(kind: Kind, path: Option<PathBuf>) -> Self {
        let read = path.as_deref().and_then(read_identified);
        let (bytes, identity) = read.map_or((Vec::new(), None), |(bytes, identity)| (bytes, Some(identity)));
        let (entries, whole) = decode(kind, &bytes).unwrap_or_default();
        // Appended to only when it is the file read, whole, and nothing else since.
        let whole = identity.filter(|&(_, _, length)| whole && length == bytes.len() as u64).map(Box::new);
        Self { kind, path, bytes, entries, whole }
    }

    /// The bytes stored for this key, if any, taking the buffer they are in rather than
    /// copying them (a series listing of 24,000 meetings is 288 KB): the buffer, and where
    /// in it they are.
    pub(crate) fn take(mut self, key: u128) -> Option<(Vec<u8>, std::ops::Range<usize>)> {
        let range = self.entries.remove(&key)?;
        Some((std::mem::take(&mut self.bytes), range))
    }

    /// The bytes stored for this key, if any.
    pub fn get(&self, key: u128) -> Option<&[u8]> {
        self.entries.get(&key).map(|range| &self.bytes[range.clone()])
    }

    /// Writes `used` (the entries a command needed) back, with the entries read before
    /// unless they outnumber the used ones (texts since edited or removed, or meetings beyond
    /// the one annotated: kept for the next run, but not without bound).
    pub fn store(&self, used: &[(u128, &[u8])]) {
        self.write(used, true);
    }

    /// Writes `used` back with every entry read before that it does not replace: for caches
    /// whose keys cannot go stale in numbers (one per file path).
    pub fn store_keeping(&self, used: &[(u128, &[u8])]) {
        self.write(used, false);
    }

    fn write(&self, used: &[(u128, &[u8])], bounded: bool) {
        let Some(path) = self.path.as_deref() else { return };
        let bytes = header(self.kind);
        let stale: Vec<(&u128, &[u8])> = if !bounded || self.entries.len() <= 2 * used.len() {
            let used: std::collections::HashSet<u128> = used.iter().map(|(k, _)| *k).collect();
            self.entries
                .iter()
                .filter(|(k, _)| !used.contains(k))
                .map(|(k, range)| (k, &self.bytes[range.clone()]))
                .collect()
        } else {
            Vec::new()
        };
        let mut seen = std::collections::HashSet::new();
        let entries: Vec<(u128, &[u8])> = used
            .iter()
            .copied()
            .chain(stale.into_iter().map(|(k, p)| (*k, p)))
            .filter(|(k, _)| seen.insert(*k))
            .collect();
        // Every entry of the file kept as it is: only the new ones are written, after them.
        let kept = entries.iter().filter(|(k, v)| self.get(*k) == Some(*v)).count();
        if let Some(identity) = self.whole.as_deref().copied()
            && kept == self.entries.len()
        {
            let mut added = Vec::new();
            for (key, value) in entries.iter().filter(|(k, _)| !self.entries.contains_key(k)) {
                frame(&mut added, *key, value);
            }
            if added.is_empty() || append(path, identity, &added).is_ok() {
                return;
            }
        }
        // Best effort: a cache that cannot be written is only a slower next run. Written as it
        // is framed (a site's summaries are 200 MB at 24,000 meetings: not held twice).
        let dir = path.parent().expect("a cache file in a folder");
        let write = |out: &mut fs::File| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
            std::io::Write::write_all(&mut out, &bytes)?;
            let mut framed = Vec::new();
            for (key, value) in entries {
                framed.clear();
                frame(&mut framed, key, value);
                std::io::Write::write_all(&mut out, &framed)?;
            }
            std::io::Write::flush(&mut out)
        };
        let _ = fs::create_dir_all(dir).map(|()| {
            crate::files::write_durably_with(path, crate::files::Temporary::PerProcess, None, write)
        });
    }
}

/// Appends one entry, framed as [`decode`] reads it: its length, key and value, checksum.
fn frame(out: &mut Vec<u8>, key: u128, value: &[u8]) {
    let Ok(length) = u32::try_from(16 + value.len()) else {
        return; // a meeting of more than 4 GiB of prints: not worth keeping
    };
    let start = out.len();
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(value);
    let checksum = xxhash_rust::xxh3::xxh3_64(&out[start..]);
    out.extend_from_slice(&checksum.to_le_bytes());
}

/// The bytes of the file at `path` and its identity as [`append`] checks it (device, inode,
/// length, from the file opened); `None` when it cannot be read.
fn read_identified(path: &Path) -> Option<(Vec<u8>, (u64, u64, u64))> {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    let mut file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).ok()?;
    Some((bytes, (meta.dev(), meta.ino(), meta.len())))
}

/// Appends `bytes` to the cache file at `path` if it is still the one read (`identity`:
/// device, inode, length), in one write, and makes them durable. An error when it is not, or
/// the write fails: then the whole file is written anew.
fn append(path: &Path, identity: (u64, u64, u64), bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;
    let mut file = fs::OpenOptions::new().append(true).open(path)?;
    let meta = file.metadata()?;
    if (meta.dev(), meta.ino(), meta.len()) != identity {
        return Err(std::io::Error::other("the cache file changed since it was read"));
    }
    // One write: another process appending at once writes before or after it, not inside.
    let written = file.write(bytes)?;
    if written != bytes.len() {
        // A short write (a full disk) left the start of an entry, which is dropped on
        // reading; what follows would be read as part of it, so it is written anew.
        return Err(std::io::Error::other("a short write"));
    }
    file.sync_data()
}

/// Appends `text` after its `u32` length, as [`Reader::text`] reads it.
pub(crate) fn put_text(out: &mut Vec<u8>, text: &str) {
    put_count(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// Appends a count or length as a `u32`, as [`Reader::u32`] reads it.
pub(crate) fn put_count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

/// Reads little-endian fields of cached bytes in turn; `None` past the end.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    /// A `u32`, as a length or count.
    pub(crate) fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }

    /// A `u64`.
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// UTF-8 text after its `u32` length.
    pub(crate) fn text(&mut self) -> Option<&'a str> {
        let length = self.u32()?;
        std::str::from_utf8(self.take(length)?).ok()
    }

    /// What is left.
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }
}

/// A keyed file that is read one entry at a time, for data kept per meeting (what `annotate`
/// found for each meeting of a series): a lookup reads the header, the sorted table of keys
/// and the one entry asked for, however many the file holds.
///
/// The file is the header (`table_header`), the number of entries (`u32`) and the length of
/// their bytes (`u64`), a table of one row per entry sorted by key (`key u128, offset u64,
/// length u32, checksum u64`), then the entries' bytes, the offsets counted from the first of
/// them. After them comes a tail of entries added since, each framed as a [`Cache`] frames
/// them (length, key, bytes, checksum), each of a key the file held no entry for.
/// A store that adds a few entries and drops or replaces none appends them to the tail, in one write to
/// the file read (a meeting added to a series of 24,000 does not rewrite 30 MB); any other
/// store, or a tail grown past [`Table::MOST_TAIL`], writes the file anew with every entry in
/// the sorted table.
///
/// The checksum, XXH3-64 of the key and the bytes, is checked on every read, so a damaged row
/// or entry is a miss and never a wrong answer: a key garbled in the table is not found, an
/// offset or length garbled reads bytes the checksum does not match.
#[derive(Debug)]
pub struct Table {
    kind: Kind,
    path: Option<PathBuf>,
}

/// The bytes of one row of a [`Table`]'s key table.
const ROW: usize = 16 + 8 + 4 + 8;

/// How much of a table file a lookup reads at once: the table of a few hundred entries.
const FIRST_READ: usize = 64 * 1024;

/// One row of a [`Table`]: key, where its bytes are, their checksum.
#[derive(Clone, Copy, Debug)]
struct Row {
    key: u128,
    offset: u64,
    length: u32,
    checksum: u64,
}

impl Row {
    fn decode(bytes: &[u8]) -> Self {
        let (key, rest) = bytes.split_first_chunk::<16>().expect("a row");
        let (offset, rest) = rest.split_first_chunk::<8>().expect("a row");
        let (length, rest) = rest.split_first_chunk::<4>().expect("a row");
        let checksum = rest.first_chunk::<8>().expect("a row");
        Self {
            key: u128::from_le_bytes(*key),
            offset: u64::from_le_bytes(*offset),
            length: u32::from_le_bytes(*length),
            checksum: u64::from_le_bytes(*checksum),
        }
    }
}

/// The checksum of one entry of a [`Table`].
fn entry_checksum(key: u128, bytes: &[u8]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&key.to_le_bytes());
    hasher.update(bytes);
    hasher.digest()
}

/// The header of a [`Table`] file of `kind`: a cache's, and the layout.
fn table_header(kind: Kind) -> Vec<u8> {
    let mut bytes = header(kind);
    bytes.extend_from_slice(b"table 2\n");
    bytes
}

/// Where the parts of a [`Table`] file are, from its first bytes.
#[derive(Clone, Copy, Debug)]
struct Layout {
    count: usize,
    /// Where the rows start.
    rows: usize,
    /// Where the entries' bytes start, and where the tail starts.
    data: u64,
    tail: u64,
}

impl Layout {
    /// The layout of a table file of `kind` starting with `first`; `None` when it is not one.
    fn of(kind: Kind, first: &[u8]) -> Option<Self> {
        let rest = first.strip_prefix(table_header(kind).as_slice())?;
        let (count, rest) = rest.split_first_chunk::<4>()?;
        let (length, _) = rest.split_first_chunk::<8>()?;
        let count = u32::from_le_bytes(*count) as usize;
        let rows = table_header(kind).len() + 4 + 8;
        let data = (rows as u64).checked_add((count as u64).checked_mul(ROW as u64)?)?;
        let tail = data.checked_add(u64::from_le_bytes(*length))?;
        Some(Self { count, rows, data, tail })
    }
}

impl Table {
    /// How many times as many entries as a store writes it keeps of the others.
    pub const KEEP: usize = 4;

    /// The most bytes of entries appended after the sorted table before the file is written
    /// anew: every lookup reads them first.
    pub const MOST_TAIL: u64 = 256 << 10;

    /// The table of `kind` for `part` (a series) in the git directory `git_dir`, or one that
    /// holds nothing and is never written (no path).
    pub(crate) fn new(kind: Kind, path: Option<PathBuf>) -> Self {
        Self { kind, path }
    }

    /// The bytes stored for `key`, if the file holds them whole.
    pub fn get(&self, key: u128) -> Option<Vec<u8>> {
        use std::io::Read;
        use std::os::unix::fs::FileExt;
        let mut file = fs::File::open(self.path.as_deref()?).ok()?;
        let mut first = Vec::with_capacity(FIRST_READ);
        (&mut file).take(FIRST_READ as u64).read_to_end(&mut first).ok()?;
        let layout = Layout::of(self.kind, &first)?;
        let size = file.metadata().ok()?.len();
        if layout.tail > size {
            return None; // cut short
        }
        // Bytes at `at`, from those read first when they are there, else read alone (never
        // more than the file holds, whatever a row says).
        let read = |at: u64, length: usize| -> Option<Vec<u8>> {
            let end = at.checked_add(length as u64)?;
            if let Some(bytes) = first.get(usize::try_from(at).ok()?..usize::try_from(end).ok()?) {
                return Some(bytes.to_vec());
            }
            if end > size {
                return None;
            }
            let mut bytes = vec![0; length];
            file.read_exact_at(&mut bytes, at).ok()?;
            Some(bytes)
        };
        // The tail first, unless too long to read for one entry (two runs appending at once
        // may take it past its bound until the next store writes the file anew): a key is
        // appended only when the file holds none like it, so the sorted rows never hold
        // another value for a key of the tail.
        if let Some(length) = Some(size - layout.tail).filter(|&n| n > 0 && n <= Self::MOST_TAIL)
            && let Some(tail) = read(layout.tail, length as usize)
            && let Some(range) = last_frame(&tail, key)
        {
            return Some(tail[range].to_vec());
        }
        let (mut low, mut high) = (0, layout.count);
        while low < high {
            let middle = low + (high - low) / 2;
            let found = Row::decode(&read((layout.rows + middle * ROW) as u64, ROW)?);
            match found.key.cmp(&key) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => {
                    if found.offset.checked_add(u64::from(found.length))? > layout.tail - layout.data {
                        return None;
                    }
                    let bytes = read(layout.data + found.offset, found.length as usize)?;
                    return (entry_checksum(key, &bytes) == found.checksum).then_some(bytes);
                }
            }
        }
        None
    }

    /// Every whole entry of the file, read at once: for many lookups (every meeting of a
    /// series) without opening and searching the file for each.
    pub fn read_all(&self) -> Entries {
        let bytes = self.path.as_deref().and_then(|path| fs::read(path).ok()).unwrap_or_default();
        let at = self.entries(&bytes).map(|read| read.entries).unwrap_or_default();
        Entries { bytes, at }
    }

    /// Adds `new` entries (replacing those of the same keys), keeping the others unless they
    /// outnumber the new ones [`Table::KEEP`] times over: a few variants of every meeting's
    /// entries live side by side (as origins at two thresholds and of words do), and entries
    /// of texts since edited or removed are kept for a while, not without bound. Best effort,
    /// like [`Cache::store`].
    pub fn store(&self, new: &[(u128, Vec<u8>)]) {
        self.store_with(new, &[]);
    }

    /// [`Table::store`], where the entries `used` (read, and still what they were) count with
    /// the new ones: a pass resumed after a series' meetings stored adds one entry and keeps
    /// the thousands it read.
    pub fn store_with(&self, new: &[(u128, Vec<u8>)], used: &[u128]) {
        let Some(path) = self.path.as_deref() else { return };
        let mut entries: FxHashMap<u128, &[u8]> = new.iter().map(|(k, v)| (*k, v.as_slice())).collect();
        let old = read_identified(path);
        let read = old.as_ref().and_then(|(bytes, _)| self.entries(bytes));
        let used: crate::text::hash::FxHashSet<u128> = used.iter().copied().collect();
        let old_entries: Vec<(u128, &[u8])> = match (&read, &old) {
            (Some(read), Some((bytes, _))) => {
                read.entries.iter().map(|(k, range)| (*k, &bytes[range.clone()])).collect()
            }
            _ => Vec::new(),
        };
        let others =
            old_entries.iter().filter(|(k, _)| !entries.contains_key(k) && !used.contains(k)).count();
        let all = others <= Self::KEEP * (entries.len() + used.len());
        // Nothing dropped or replaced in a whole file with a short tail: the new entries go
        // after it. (A key given another value is written anew: a damaged frame in the tail
        // must be a miss, never the value it replaced.)
        let replaced = |read: &TableRead, bytes: &[u8]| {
            new.iter().any(|(k, v)| read.entries.get(k).is_some_and(|range| bytes[range.clone()] != v[..]))
        };
        if let (Some(read), Some((bytes, identity))) = (&read, &old)
            && all
            && read.whole
            && !replaced(read, bytes)
        {
            let mut added = Vec::new();
            for (key, value) in new {
                if !read.entries.contains_key(key) {
                    frame(&mut added, *key, value);
                }
            }
            let tail = bytes.len() as u64 - read.tail;
            if added.is_empty()
                || (tail + added.len() as u64 <= Self::MOST_TAIL && append(path, *identity, &added).is_ok())
            {
                return;
            }
        }
        for (key, bytes) in old_entries {
            if all || used.contains(&key) {
                entries.entry(key).or_insert(bytes);
            }
        }
        let mut keys: Vec<u128> = entries.keys().copied().collect();
        keys.sort_unstable();
        let Ok(count) = u32::try_from(keys.len()) else { return };
        let mut out = table_header(self.kind);
        out.extend_from_slice(&count.to_le_bytes());
        let length: u64 = keys.iter().map(|k| entries[k].len() as u64).sum();
        out.extend_from_slice(&length.to_le_bytes());
        let mut offset = 0u64;
        for key in &keys {
            let bytes = entries[key];
            let Ok(length) = u32::try_from(bytes.len()) else { return };
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&length.to_le_bytes());
            out.extend_from_slice(&entry_checksum(*key, bytes).to_le_bytes());
            offset += u64::from(length);
        }
        for key in &keys {
            out.extend_from_slice(entries[key]);
        }
        // Best effort: a table that cannot be written is only a slower next run.
        let dir = path.parent().expect("a table file in a folder");
        let _ = fs::create_dir_all(dir)
            .map(|()| crate::files::write_durably(path, &out, crate::files::Temporary::PerProcess, None));
    }

    /// Every whole entry of a table file's bytes, a key of the tail replacing the same key
    /// before it (`None` when the header is not this build's).
    fn entries(&self, bytes: &[u8]) -> Option<TableRead> {
        let layout = Layout::of(self.kind, bytes)?;
        let rows = bytes.get(layout.rows..usize::try_from(layout.data).ok()?)?;
        let data_end = usize::try_from(layout.tail).ok()?.min(bytes.len());
        let data = bytes.get(usize::try_from(layout.data).ok()?..data_end)?;
        let data_at = layout.data as usize;
        let mut entries = FxHashMap::default();
        let mut whole = data_end == layout.tail as usize;
        for row in rows.chunks_exact(ROW).map(Row::decode) {
            let range = usize::try_from(row.offset)
                .ok()
                .and_then(|at| Some(at..at.checked_add(row.length as usize)?))
                .filter(|range| range.end <= data.len());
            match range {
                Some(range) if entry_checksum(row.key, &data[range.clone()]) == row.checksum => {
                    entries.insert(row.key, data_at + range.start..data_at + range.end);
                }
                _ => whole = false,
            }
        }
        let (tail, tail_whole) = frames(&bytes[data_end..]).unwrap_or_default();
        for (key, range) in tail {
            entries.insert(key, data_end + range.start..data_end + range.end);
        }
        Some(TableRead { entries, whole: whole && tail_whole, tail: data_end as u64 })
    }
}

/// A table file's entries as read: where each one's bytes are, whether every row and frame
/// was sound, and where the tail starts.
struct TableRead {
    entries: FxHashMap<u128, std::ops::Range<usize>>,
    whole: bool,
    tail: u64,
}

/// The entries of a [`Table`] read at once ([`Table::read_all`]).
#[derive(Debug, Default)]
pub struct Entries {
    bytes: Vec<u8>,
    at: FxHashMap<u128, std::ops::Range<usize>>,
}

impl Entries {
    /// The bytes stored for `key`, if the file held them whole.
    pub fn get(&self, key: u128) -> Option<&[u8]> {
        self.at.get(&key).map(|range| &self.bytes[range.clone()])
    }
}

/// `communique NAME\n`, the format, the communique version.
pub(crate) fn header(kind: Kind) -> Vec<u8> {
    let mut bytes = format!("communique {}\n", kind.name).into_bytes();
    bytes.extend_from_slice(&kind.format.to_le_bytes());
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    bytes.push(version.len() as u8);
    bytes.extend_from_slice(version);
    bytes
}

/// Where each entry's value lies in `bytes`, a cache file of `kind`, and whether the file is
/// whole (see [`frames`]). `None` when its header is not this build's for `kind`.
fn decode(kind: Kind, bytes: &[u8]) -> Option<(FxHashMap<u128, std::ops::Range<usize>>, bool)> {
    let rest = bytes.strip_prefix(header(kind).as_slice())?;
    let start = bytes.len() - rest.len();
    let (entries, whole) = frames(rest)?;
    Some((entries.into_iter().map(|(k, range)| (k, start + range.start..start + range.end)).collect(), whole))
}

/// Where the value of the last entry framed in `bytes` with `key` lies, if its checksum
/// holds: the frames are walked by their lengths, and only that one is checked.
fn last_frame(bytes: &[u8], key: u128) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    let mut found = None;
    while let Some(length) = bytes.get(at..at + 4) {
        let length = u32::from_le_bytes(length.try_into().expect("four bytes")) as usize;
        let Some(end) = length.checked_add(at + 4).filter(|end| end + 8 <= bytes.len()) else { break };
        // (A frame too short for a key is never an entry, whatever its checksum.)
        if length >= 16 && bytes[at + 4..at + 20] == key.to_le_bytes() {
            found = Some((at, end));
        }
        at = end + 8;
    }
    let (start, end) = found?;
    let checksum = u64::from_le_bytes(bytes[end..end + 8].try_into().expect("eight bytes"));
    (xxhash_rust::xxh3::xxh3_64(&bytes[start..end]) == checksum).then_some(start + 20..end)
}

/// Where each framed entry's value lies in `bytes`, and whether they are whole: every entry
/// sound and nothing after the last. Each entry is framed as `length, key, value, checksum`;
/// one whose checksum fails is skipped by its length, and a length that reaches past the end
/// ends the reading (what follows cannot be framed); a key framed twice is the later one.
fn frames(bytes: &[u8]) -> Option<(FxHashMap<u128, std::ops::Range<usize>>, bool)> {
    let mut rest = bytes;
    let mut entries = FxHashMap::default();
    let mut whole = true;
    while let Some((length, _)) = rest.split_first_chunk::<4>() {
        let length = u32::from_le_bytes(*length) as usize;
        let Some((framed, tail)) =
            length.checked_add(4).filter(|n| n + 8 <= rest.len()).map(|n| rest.split_at(n))
        else {
            break;
        };
        let (checksum, tail) = tail.split_first_chunk::<8>()?;
        let start = bytes.len() - rest.len();
        rest = tail;
        let sound = xxhash_rust::xxh3::xxh3_64(framed) == u64::from_le_bytes(*checksum);
        let Some((key, _)) = framed[4..].split_first_chunk::<16>().filter(|_| sound) else {
            whole = false;
            continue;
        };
        // After the length and the key, to the checksum.
        entries.insert(u128::from_le_bytes(*key), start + 4 + 16..start + framed.len());
    }
    Some((entries, whole && rest.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::hash::content_key as key;

    const KIND: Kind = Kind { name: "sentence prints", format: 2 };

    /// The entries of `bytes`, a cache file of `KIND`, each with its value.
    fn decoded(bytes: &[u8]) -> FxHashMap<u128, Vec<u8>> {
        let (entries, _) = decode(KIND, bytes).unwrap_or_default();
        entries.into_iter().map(|(k, range)| (k, bytes[range].to_vec())).collect()
    }

    /// A cache of two entries, stored and read back; its path and the two entries.
    fn two_entries(dir: &Path) -> (PathBuf, Vec<u8>, Vec<u8>) {
        let path = Cache::path(dir, KIND, "s");
        let a = b"One sentence. Another one here.".to_vec();
        let b = "\0Éléments non ASCII, et «guillemets».".as_bytes().to_vec();
        Cache::load(KIND, Some(path.clone())).store(&[(key("a"), &a), (key("b"), &b)]);
        (path, a, b)
    }

    #[test]
    fn round_trip_and_a_truncated_file_keeps_only_whole_entries() {
        let dir = tempfile::tempdir().unwrap();
        let (path, a, b) = two_entries(dir.path());
        assert_eq!(path, dir.path().join("communique/prints/s.bin"));
        let cache = Cache::load(KIND, Some(path.clone()));
        assert_eq!(cache.get(key("a")), Some(&a[..]));
        assert_eq!(cache.get(key("b")), Some(&b[..]));
        assert_eq!(cache.get(key("c")), None);

        let bytes = fs::read(&path).unwrap();
        let whole = |entries: &FxHashMap<u128, Vec<u8>>| {
            entries.get(&key("a")).is_none_or(|p| *p == a) && entries.get(&key("b")).is_none_or(|p| *p == b)
        };
        for cut in 0..bytes.len() {
            let entries = decoded(&bytes[..cut]);
            assert!(entries.len() < 2 && whole(&entries), "a cache cut at byte {cut} gave {entries:?}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Some(decoded(&longer).len()), Some(2));
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
                let entries = decoded(&damaged);
                assert!(entries.len() < 2, "byte {at} ^ {flip:#x} went unnoticed");
                for (k, p) in &entries {
                    assert!((*k, p) == (key("a"), &a) || (*k, p) == (key("b"), &b), "byte {at} ^ {flip:#x}");
                }
            }
        }
        // Damage in the first entry's bytes leaves the second one readable.
        let mut damaged = bytes.clone();
        let first_value = header(KIND).len() + 4 + 16 + 10;
        damaged[first_value] ^= 0x10;
        let entries = decoded(&damaged);
        assert_eq!((entries.len(), entries.get(&key("b"))), (1, Some(&b)));
    }

    #[test]
    fn a_few_new_entries_are_appended_to_a_whole_file_and_anything_else_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let (path, a, b) = two_entries(dir.path());
        let c = b"A third text.".to_vec();
        let before = fs::read(&path).unwrap();
        let all = [(key("a"), &a[..]), (key("b"), &b[..]), (key("c"), &c[..])];
        let inode = || std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path).unwrap());
        let first = inode();
        Cache::load(KIND, Some(path.clone())).store(&all);
        let after = fs::read(&path).unwrap();
        // The file read, then one entry: length, key, value, checksum.
        assert_eq!(inode(), first, "written to, not replaced");
        assert_eq!(&after[..before.len()], &before[..]);
        assert_eq!(after.len(), before.len() + 4 + 16 + c.len() + 8);
        let cache = Cache::load(KIND, Some(path.clone()));
        assert!(cache.whole.is_some());
        assert_eq!(all.map(|(k, _)| cache.get(k)), all.map(|(_, v)| Some(v)));
        // Nothing new: nothing written.
        cache.store(&all[1..]);
        assert_eq!(fs::read(&path).unwrap(), after);

        // A value changed, a damaged file, or a file replaced since it was read: written anew.
        Cache::load(KIND, Some(path.clone())).store(&[(key("a"), b"other"), all[1], all[2]]);
        assert_eq!(decoded(&fs::read(&path).unwrap())[&key("a")], b"other");
        assert_ne!(inode(), first, "replaced");
        assert!(fs::read(&path).unwrap().len() < after.len());
        let mut damaged = fs::read(&path).unwrap();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        fs::write(&path, &damaged).unwrap();
        let cache = Cache::load(KIND, Some(path.clone()));
        assert!(cache.whole.is_none());
        cache.store(&all);
        let read = decoded(&fs::read(&path).unwrap());
        assert_eq!(read.len(), 3);
        assert!(Cache::load(KIND, Some(path.clone())).whole.is_some(), "made whole again");
        let cache = Cache::load(KIND, Some(path.clone()));
        let older = Kind { format: 1, ..KIND };
        Cache::load(older, Some(path.clone())).store(&[(key("x"), b"of another format")]);
        cache.store(&[all[0], all[1], all[2], (key("d"), b"new")]);
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.starts_with(&header(KIND)), "not appended to the other format's file");
        assert_eq!(decoded(&bytes).len(), 4);
    }

    #[test]
    fn other_kinds_versions_and_garbage_read_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path(dir.path(), KIND, "s");
        assert!(Cache::load(KIND, Some(path.clone())).entries.is_empty()); // missing
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, b"communique sentence prints\n\x02\0\0\0garbage").unwrap();
        assert!(Cache::load(KIND, Some(path.clone())).entries.is_empty());
        let mut huge = header(KIND);
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        huge.extend_from_slice(&[0xff; 40]);
        fs::write(&path, huge).unwrap();
        assert!(Cache::load(KIND, Some(path.clone())).entries.is_empty());
        let older = Kind { format: 1, ..KIND };
        Cache::load(older, Some(path.clone())).store(&[(key("a"), b"x")]);
        assert_eq!(Cache::load(older, Some(path.clone())).entries.len(), 1);
        assert!(Cache::load(KIND, Some(path.clone())).entries.is_empty());
        let other = Kind { name: "word prints", format: 2 };
        assert!(Cache::load(other, Some(path)).entries.is_empty());
    }

    const TABLE: Kind = Kind { name: "origins", format: 1 };

    #[test]
    fn a_table_reads_back_each_entry_alone_whether_its_table_fits_the_first_read_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path(dir.path(), TABLE, "s");
        let value = |i: u32| format!("entry {i} ").repeat(i as usize % 7).into_bytes();
        for count in [0u32, 1, 3, 2500] {
            let _ = fs::remove_file(&path);
            let table = Table::new(TABLE, Some(path.clone()));
            let entries: Vec<(u128, Vec<u8>)> = (0..count).map(|i| (key(&i.to_string()), value(i))).collect();
            table.store(&entries);
            assert!(count < 2500 || fs::metadata(&path).unwrap().len() as usize > FIRST_READ);
            let all = table.read_all();
            for (k, v) in &entries {
                assert_eq!(table.get(*k).as_ref(), Some(v), "{count} entries");
                assert_eq!(all.get(*k), Some(v.as_slice()), "{count} entries, read at once");
            }
            assert_eq!(table.get(key("absent")), None);
            assert_eq!(all.get(key("absent")), None);
        }
        assert_eq!(Table::new(TABLE, None).get(key("0")), None);
        assert_eq!(Table::new(Kind { format: 2, ..TABLE }, Some(path)).get(key("0")), None);
    }

    #[test]
    fn a_damaged_table_misses_and_never_answers_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path(dir.path(), TABLE, "s");
        let table = Table::new(TABLE, Some(path.clone()));
        let entries: Vec<(u128, Vec<u8>)> =
            ["a", "b", "c"].iter().map(|k| (key(k), k.repeat(9).into_bytes())).collect();
        // Two in the sorted table, one in the tail.
        table.store(&entries[..2]);
        let sorted = fs::metadata(&path).unwrap().len();
        table.store_with(&entries[2..], &[key("a"), key("b")]);
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.len() as u64 > sorted && Layout::of(TABLE, &bytes).unwrap().tail == sorted);
        for at in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                fs::write(&path, &damaged).unwrap();
                let all = table.read_all();
                let read = entries.iter().filter(|(k, v)| {
                    all.get(*k).is_some_and(|got| {
                        assert_eq!(got, v, "byte {at} ^ {flip:#x}, read at once");
                        true
                    })
                });
                assert!(read.count() < 3, "byte {at} ^ {flip:#x} went unnoticed, read at once");
                let found = entries.iter().filter(|(k, v)| match table.get(*k) {
                    Some(got) => {
                        assert_eq!(&got, v, "byte {at} ^ {flip:#x}");
                        true
                    }
                    None => false,
                });
                assert!(found.count() < 3, "byte {at} ^ {flip:#x} went unnoticed");
            }
        }
        for cut in 0..bytes.len() {
            fs::write(&path, &bytes[..cut]).unwrap();
            for (k, v) in &entries {
                assert!(table.get(*k).is_none_or(|got| got == *v), "cut at {cut}");
            }
        }
    }

    #[test]
    fn a_table_appends_a_few_entries_and_is_written_anew_when_its_tail_grows_long() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path(dir.path(), TABLE, "s");
        let table = Table::new(TABLE, Some(path.clone()));
        let entry = |i: u32, size: usize| (key(&i.to_string()), vec![i as u8; size]);
        let first: Vec<(u128, Vec<u8>)> = (0..100).map(|i| entry(i, 10)).collect();
        table.store(&first);
        let inode = || std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path).unwrap());
        let (sorted, created) = (fs::metadata(&path).unwrap().len(), inode());
        // One more, the hundred read kept: appended.
        let used: Vec<u128> = first.iter().map(|(k, _)| *k).collect();
        table.store_with(&[entry(100, 10)], &used);
        assert_eq!(inode(), created);
        assert_eq!(fs::metadata(&path).unwrap().len(), sorted + 4 + 16 + 10 + 8);
        for i in 0..101 {
            assert_eq!(table.get(key(&i.to_string())), Some(vec![i as u8; 10]), "entry {i}");
            assert_eq!(table.read_all().get(key(&i.to_string())), Some(&[i as u8; 10][..]), "entry {i}");
        }
        // The same again: nothing written.
        let bytes = fs::read(&path).unwrap();
        table.store_with(&[entry(100, 10)], &used);
        assert_eq!(fs::read(&path).unwrap(), bytes);
        // A tail past its bound: the file is written anew, every entry in the sorted table.
        let big = (Table::MOST_TAIL / 2) as usize;
        table.store_with(&[entry(200, big)], &used);
        assert_eq!(inode(), created);
        table.store_with(&[entry(201, big)], &used);
        assert_ne!(inode(), created);
        let bytes = fs::read(&path).unwrap();
        assert_eq!(Layout::of(TABLE, &bytes).unwrap().tail, bytes.len() as u64, "no tail");
        assert_eq!(table.get(key("200")).map(|v| v.len()), Some(big));
        // A key given another value: written anew too, so that a damaged frame of the new value
        // could never leave the old one to be read.
        let created = inode();
        table.store_with(&[(key("7"), b"seven".to_vec())], &used);
        assert_ne!(inode(), created);
        assert_eq!(table.get(key("7")), Some(b"seven".to_vec()));
        table.store_with(&[entry(202, 10)], &used);
        let mut damaged = fs::read(&path).unwrap();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        fs::write(&path, &damaged).unwrap();
        assert_eq!((table.get(key("202")), table.read_all().get(key("202"))), (None, None));
        assert_eq!(table.get(key("7")), Some(b"seven".to_vec()));
        // Entries dropped, or a damaged file: written anew.
        let created = inode();
        table.store(&[entry(300, 1)]);
        assert_ne!(inode(), created);
        assert_eq!((table.get(key("300")), table.get(key("1"))), (Some(vec![44]), None));
    }

    #[test]
    fn a_frame_too_short_for_a_key_in_a_tail_is_a_miss_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = Cache::path(dir.path(), TABLE, "s");
        let table = Table::new(TABLE, Some(path.clone()));
        table.store(&[(key("a"), b"value".to_vec())]);
        // Length 0, a checksum of the length alone, eight bytes more: read as a key, the
        // checksum and those bytes are the key asked for.
        let checksum = xxhash_rust::xxh3::xxh3_64(&[0; 4]);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        bytes.extend_from_slice(&[0; 8]);
        fs::write(&path, &bytes).unwrap();
        let forged = u128::from_le_bytes([checksum.to_le_bytes(), [0; 8]].concat().try_into().unwrap());
        assert_eq!(table.get(forged), None);
        assert_eq!(table.read_all().get(forged), None);
        assert_eq!(table.get(key("a")), Some(b"value".to_vec()));
    }

    #[test]
    fn a_table_keeps_other_entries_but_not_without_bound() {
        let dir = tempfile::tempdir().unwrap();
        let table = Table::new(TABLE, Some(Cache::path(dir.path(), TABLE, "s")));
        let entry = |i: u32| (key(&i.to_string()), vec![i as u8]);
        table.store(&(0..6).map(entry).collect::<Vec<_>>());
        // Three new, six others: kept.
        table.store(&[entry(10), entry(11), entry(12)]);
        assert!((0..6).chain(10..13).all(|i| table.get(key(&i.to_string())).is_some()));
        // Two new (one replacing), eight others: kept (as many as four times the new ones).
        table.store(&[(key("0"), vec![9]), entry(20)]);
        assert_eq!(table.get(key("0")), Some(vec![9]), "replaced");
        assert!((1..6).chain(10..13).chain([20]).all(|i| table.get(key(&i.to_string())).is_some()));
        // One new, ten others of which nine read and still used: the nine kept, one dropped.
        let used: Vec<u128> = (1..6).chain(10..13).chain([20]).map(|i| key(&i.to_string())).collect();
        table.store_with(&[entry(40)], &used);
        assert!(used.iter().all(|k| table.get(*k).is_some()) && table.get(key("40")).is_some());
        assert!(table.get(key("0")).is_some(), "one other for ten used or new: kept");
        table.store_with(&[entry(41)], &used[..1]);
        assert!(table.get(key("41")).is_some() && table.get(used[0]).is_some());
        assert!(used[1..].iter().all(|k| table.get(*k).is_none()), "nine others for two");
        // One new, ten others: dropped.
        table.store(&(0..6).chain(10..13).chain([20]).map(entry).collect::<Vec<_>>());
        table.store(&[entry(30)]);
        assert!(table.get(key("30")).is_some());
        assert!(
            (0..6).chain(10..13).chain([20]).all(|i| table.get(key(&i.to_string())).is_none()),
            "ten others for one"
        );
    }

    #[test]
    fn unused_entries_are_kept_but_not_without_bound() {
        let dir = tempfile::tempdir().unwrap();
        let path = Some(Cache::path(dir.path(), KIND, "s"));
        let p: &[u8] = b"Text.";
        let keys: Vec<u128> = (0..5).map(|i| key(&i.to_string())).collect();
        Cache::load(KIND, path.clone()).store(&keys.iter().map(|k| (*k, p)).collect::<Vec<_>>());
        // Two used, five known: the three others outnumber them and go.
        Cache::load(KIND, path.clone()).store(&[(keys[0], p), (keys[1], p)]);
        assert_eq!(Cache::load(KIND, path.clone()).entries.len(), 2);
        // Three used, two known besides: kept.
        Cache::load(KIND, path.clone()).store(&[(keys[2], p), (keys[3], p), (keys[4], p)]);
        assert_eq!(Cache::load(KIND, path).entries.len(), 5);
    }
}
