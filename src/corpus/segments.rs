//! Segment files: derived data too large to read whole on every command (the word index of a
//! series), kept as immutable files of numbered, checksummed blocks in a folder of the git
//! directory (`.git/communique/<folder>/<series>/<hash>.seg`) and read one block at a time
//! with positioned reads, so memory stays small whatever the file holds.
//!
//! As for every cache ([`super::cache`]), the corpus stores **opaque bytes**: what a block
//! means belongs to the layer that wrote it. A segment is never changed once written: new
//! data goes into a new segment, and the writer of a merged segment deletes those it replaces.
//! A file is named by the XXH3-128 of its bytes, so two processes writing the same data write
//! the same file. Writing and deleting are best effort (no lock: a reader that opened a file
//! keeps reading it after another process deleted it, and a segment lost only costs a rebuild).
//!
//! The file: the header (as a cache file's: name, format, communique version), the
//! blocks one after another, then one row per block (`u64 offset, u32 length, u64 checksum`),
//! then the trailer (`u64` offset of the rows, `u32` number of blocks, `u64` XXH3-64 of those
//! twelve bytes). A block's checksum is XXH3-64 of its number (`u32`) and its bytes, checked on
//! every read: a damaged block, row or trailer reads as damaged, never as another block.

use std::fs;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use super::cache::{Kind, header};

/// The bytes of one row.
const ROW: u64 = 8 + 4 + 8;

/// The bytes of the trailer.
const TRAILER: u64 = 8 + 4 + 8;

/// The segment files of one kind and series.
#[derive(Debug)]
pub struct Segments {
    kind: Kind,
    /// The folder; none when the corpus has no git directory to keep them in.
    dir: Option<PathBuf>,
}

/// One segment file, open for reading.
#[derive(Debug)]
pub struct Segment {
    name: String,
    file: fs::File,
    rows: u64,
    count: u32,
}

/// A segment being written: blocks go to a temporary file as they come.
pub struct SegmentWriter {
    dir: PathBuf,
    temp: PathBuf,
    file: Option<std::io::BufWriter<fs::File>>,
    hasher: xxhash_rust::xxh3::Xxh3,
    /// Where the next block starts.
    at: u64,
    rows: Vec<u8>,
    count: u32,
}

impl Segments {
    pub(crate) fn new(kind: Kind, dir: Option<PathBuf>) -> Self {
        Self { kind, dir }
    }

    /// Every segment file whose header is this build's, open, by name. A file that cannot be
    /// opened is left out; one of another build (another format or version, whose data this
    /// build would compute differently) or not whole is deleted, to be rebuilt.
    pub fn open(&self) -> Vec<Segment> {
        let Some(dir) = self.dir.as_deref() else { return Vec::new() };
        let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".seg") && !n.starts_with('.'))
            .collect();
        names.sort();
        let header = header(self.kind);
        let mut out = Vec::new();
        for name in names {
            let path = dir.join(&name);
            match Segment::open(&path, name, &header) {
                Ok(segment) => out.push(segment),
                Err(Opened::Damaged) => {
                    let _ = fs::remove_file(&path);
                }
                Err(Opened::Foreign) => {}
            }
        }
        out
    }

    /// A new segment to write, if the folder can be made and written.
    pub fn writer(&self) -> Option<SegmentWriter> {
        let dir = self.dir.clone()?;
        fs::create_dir_all(&dir).ok()?;
        let temp = dir.join(format!(".{}.{}.tmp", std::process::id(), unique()));
        let file = fs::OpenOptions::new().write(true).create_new(true).open(&temp).ok()?;
        let mut writer = SegmentWriter {
            dir,
            temp,
            file: Some(std::io::BufWriter::with_capacity(256 * 1024, file)),
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            at: 0,
            rows: Vec::new(),
            count: 0,
        };
        writer.write(&header(self.kind));
        Some(writer)
    }

    /// Deletes the segment named `name` (once merged into another, or found damaged).
    pub fn remove(&self, name: &str) {
        if let Some(dir) = self.dir.as_deref()
            && name.ends_with(".seg")
            && !name.contains('/')
        {
            let _ = fs::remove_file(dir.join(name));
        }
    }
}

/// Why a segment file was not opened.
enum Opened {
    /// It cannot be opened or read (permissions): left alone.
    Foreign,
    /// Another build's, or not whole.
    Damaged,
}

impl Segment {
    fn open(path: &Path, name: String, header: &[u8]) -> Result<Self, Opened> {
        let file = fs::OpenOptions::new().read(true).open(path).map_err(|_| Opened::Foreign)?;
        let meta = file.metadata().map_err(|_| Opened::Foreign)?;
        if !meta.is_file() {
            return Err(Opened::Foreign);
        }
        let mut head = vec![0; header.len()];
        file.read_exact_at(&mut head, 0).map_err(|_| Opened::Damaged)?;
        if head != header {
            return Err(Opened::Damaged);
        }
        let len = meta.len();
        let at = len.checked_sub(TRAILER).filter(|at| *at >= header.len() as u64).ok_or(Opened::Damaged)?;
        let mut trailer = [0; TRAILER as usize];
        file.read_exact_at(&mut trailer, at).map_err(|_| Opened::Damaged)?;
        let (fixed, checksum) = trailer.split_at(12);
        if xxhash_rust::xxh3::xxh3_64(fixed) != u64::from_le_bytes(checksum.try_into().expect("eight bytes"))
        {
            return Err(Opened::Damaged);
        }
        let rows = u64::from_le_bytes(fixed[..8].try_into().expect("eight bytes"));
        let count = u32::from_le_bytes(fixed[8..].try_into().expect("four bytes"));
        if rows.checked_add(u64::from(count) * ROW) != Some(at) {
            return Err(Opened::Damaged);
        }
        Ok(Self { name, file, rows, count })
    }

    /// Its file name, to [`Segments::remove`] it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many blocks it holds.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Block `i`, if it is there and whole.
    pub fn block(&self, i: u32) -> Option<Vec<u8>> {
        if i >= self.count {
            return None;
        }
        let mut row = [0; ROW as usize];
        self.file.read_exact_at(&mut row, self.rows + u64::from(i) * ROW).ok()?;
        let offset = u64::from_le_bytes(row[..8].try_into().expect("eight bytes"));
        let length = u32::from_le_bytes(row[8..12].try_into().expect("four bytes"));
        let checksum = u64::from_le_bytes(row[12..].try_into().expect("eight bytes"));
        // Never more than the blocks hold, whatever the row says.
        if offset.checked_add(u64::from(length))? > self.rows {
            return None;
        }
        let mut bytes = vec![0; length as usize];
        self.file.read_exact_at(&mut bytes, offset).ok()?;
        (block_checksum(i, &bytes) == checksum).then_some(bytes)
    }
}

impl std::fmt::Debug for SegmentWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentWriter").field("temp", &self.temp).field("count", &self.count).finish()
    }
}

impl SegmentWriter {
    fn write(&mut self, bytes: &[u8]) {
        if let Some(file) = &mut self.file {
            if file.write_all(bytes).is_err() {
                self.file = None;
            }
            self.hasher.update(bytes);
            self.at += bytes.len() as u64;
        }
    }

    /// Appends a block; blocks are numbered from 0 in the order pushed.
    pub fn push(&mut self, block: &[u8]) {
        let Ok(length) = u32::try_from(block.len()) else {
            self.file = None;
            return;
        };
        self.rows.extend_from_slice(&self.at.to_le_bytes());
        self.rows.extend_from_slice(&length.to_le_bytes());
        self.rows.extend_from_slice(&block_checksum(self.count, block).to_le_bytes());
        self.count += 1;
        self.write(block);
    }

    /// Writes the rows and the trailer, syncs the file and gives it its name; the name, unless
    /// a write failed (then nothing is left behind).
    pub fn finish(mut self) -> Option<String> {
        let rows = std::mem::take(&mut self.rows);
        let mut trailer = self.at.to_le_bytes().to_vec();
        trailer.extend_from_slice(&self.count.to_le_bytes());
        let checksum = xxhash_rust::xxh3::xxh3_64(&trailer);
        trailer.extend_from_slice(&checksum.to_le_bytes());
        self.write(&rows);
        self.write(&trailer);
        let file = self.file.take()?;
        let name = format!("{:032x}.seg", self.hasher.digest128());
        let done = file
            .into_inner()
            .ok()
            .and_then(|f| f.sync_all().ok())
            .and_then(|()| fs::rename(&self.temp, self.dir.join(&name)).ok())
            .is_some();
        let _ = crate::files::sync_folder(&self.dir);
        done.then_some(name)
    }
}

impl Drop for SegmentWriter {
    fn drop(&mut self) {
        // Unfinished or renamed: either way no temporary file stays.
        let _ = fs::remove_file(&self.temp);
    }
}

/// The checksum of block `i`: its number is in it, so no block reads as another.
fn block_checksum(i: u32, bytes: &[u8]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&i.to_le_bytes());
    hasher.update(bytes);
    hasher.digest()
}

/// A number no other writer of this process uses at the same time.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: Kind = Kind { name: "test blocks", format: 1 };

    #[test]
    fn blocks_round_trip_and_damage_reads_as_missing() {
        let dir = tempfile::tempdir().unwrap();
        let segments = Segments::new(KIND, Some(dir.path().join("s")));
        let mut writer = segments.writer().unwrap();
        let blocks: Vec<Vec<u8>> = (0..50u8).map(|i| vec![i; usize::from(i) * 7]).collect();
        for block in &blocks {
            writer.push(block);
        }
        let name = writer.finish().unwrap();
        let open = segments.open();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].name(), name);
        assert_eq!(open[0].count(), 50);
        for (i, block) in blocks.iter().enumerate() {
            assert_eq!(open[0].block(i as u32).as_ref(), Some(block));
        }
        assert_eq!(open[0].block(50), None);
        // No temporary file left behind.
        assert_eq!(fs::read_dir(dir.path().join("s")).unwrap().count(), 1);
        // A flipped byte in a block: that block is missing, the others read.
        let path = dir.path().join("s").join(&name);
        let mut bytes = fs::read(&path).unwrap();
        let at = header(KIND).len() + 7 * (1 + 2) + 3;
        bytes[at] ^= 1;
        fs::write(&path, &bytes).unwrap();
        let open = segments.open();
        assert_eq!(open[0].block(3), None);
        assert_eq!(open[0].block(2).as_ref(), Some(&blocks[2]));
        // A garbled trailer: the file is damaged, and deleted.
        let len = bytes.len();
        bytes[len - 3] ^= 1;
        fs::write(&path, &bytes).unwrap();
        assert!(segments.open().is_empty());
        assert!(!path.exists());
    }

    #[test]
    fn another_format_is_not_read_and_goes() {
        let dir = tempfile::tempdir().unwrap();
        let segments = Segments::new(KIND, Some(dir.path().to_path_buf()));
        let mut writer = segments.writer().unwrap();
        writer.push(b"one");
        writer.finish().unwrap();
        let other = Segments::new(Kind { name: "test blocks", format: 2 }, Some(dir.path().to_path_buf()));
        assert!(other.open().is_empty());
        assert!(segments.open().is_empty(), "deleted");
    }
}
