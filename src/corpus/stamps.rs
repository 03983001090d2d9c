//! Which text each meeting file holds, known without reading it: the content key of its body
//! ([`crate::text::hash::content_key`]) kept with the file's stamp (size, change times, inode,
//! device, mode) in a cache of the git directory, as git's index keeps blob ids with the stat
//! data of the work tree.
//!
//! A stamp is trusted only when a change to the file would show in it. Any write to a file
//! sets its change time (`ctime`) to the clock, which no user call can set back. So a stamp
//! is recorded only once the file's last change is [`SETTLED`] in the past: a later write then
//! gives another change time, even on a file system whose times are coarse (git's "racily
//! clean" entries, avoided rather than re-checked). A file whose stamp differs, or is not yet
//! settled, is read and its key computed again.
//!
//! Some file systems do not keep that promise, and their stamps are never trusted
//! ([`trusted_on`]): FAT and exFAT have no change time (Linux gives the modification time,
//! which `touch` sets back), and network and user-space file systems report times another
//! machine or program keeps, cached for seconds (NFS's attribute cache), so a write there
//! may not show. A corpus on one of them is read in full, as it was before stamps.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::cache::{Cache, Kind};

/// The cache of stamps.
pub(crate) const STAMPS: Kind = Kind { name: "file stamps", format: 1 };

/// How long after its last change a file's stamp is trusted: longer than the coarsest
/// file-system clock (FAT's two seconds), and than the gap between a write and its time.
pub(crate) const SETTLED: Duration = Duration::from_secs(3);

/// What the file system says of a file, to tell a changed file from the one read before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
    mode: u32,
}

impl Stamp {
    /// The bytes of an encoded stamp, before its payload.
    pub(crate) const FIELDS: usize = 8 * 7 + 4;

    /// The stamp of a file from its metadata (as `lstat` gives it).
    pub(crate) fn of(meta: &fs::Metadata) -> Self {
        Self {
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
            mode: meta.mode(),
        }
    }

    /// The stamp of a file from what `fstatat` gives, as [`Stamp::of`] takes it from `lstat`.
    #[allow(clippy::unnecessary_cast)] // the fields' types differ between architectures
    pub(crate) fn of_stat(stat: &rustix::fs::Stat) -> Self {
        Self {
            size: stat.st_size as u64,
            modified: (stat.st_mtime as i64, stat.st_mtime_nsec as i64),
            changed: (stat.st_ctime as i64, stat.st_ctime_nsec as i64),
            inode: stat.st_ino as u64,
            device: stat.st_dev as u64,
            mode: stat.st_mode as u32,
        }
    }

    /// Whether it is the stamp of a plain file.
    pub(crate) fn is_file(&self) -> bool {
        rustix::fs::FileType::from_raw_mode(self.mode as _) == rustix::fs::FileType::RegularFile
    }

    /// Whether a write to the file after `now` would change its stamp: its last change and
    /// modification lie at least [`SETTLED`] before `now`.
    pub(crate) fn settled(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(UNIX_EPOCH) else { return false };
        let limit = now.saturating_sub(SETTLED);
        let before = |(seconds, nanos): (i64, i64)| {
            let (Ok(seconds), Ok(nanos)) = (u64::try_from(seconds), u32::try_from(nanos)) else {
                return false;
            };
            Duration::new(seconds, nanos.min(999_999_999)) < limit
        };
        before(self.changed) && before(self.modified)
    }

    /// The stamp followed by `payload` (what the file held when it had this stamp), as stored.
    pub(crate) fn encode(&self, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(Self::FIELDS + payload.len());
        for n in [
            self.size,
            self.modified.0 as u64,
            self.modified.1 as u64,
            self.changed.0 as u64,
            self.changed.1 as u64,
            self.inode,
            self.device,
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&self.mode.to_le_bytes());
        out.extend_from_slice(payload);
        out
    }

    /// [`Stamp::encode`] read back: the stamp and the payload.
    pub(crate) fn decode(bytes: &[u8]) -> Option<(Self, &[u8])> {
        let (fields, payload) = bytes.split_at_checked(Self::FIELDS)?;
        let n = |i: usize| u64::from_le_bytes(fields[i * 8..i * 8 + 8].try_into().expect("eight bytes"));
        let mode = u32::from_le_bytes(fields[56..60].try_into().expect("four bytes"));
        let stamp = Self {
            size: n(0),
            modified: (n(1) as i64, n(2) as i64),
            changed: (n(3) as i64, n(4) as i64),
            inode: n(5),
            device: n(6),
            mode,
        };
        Some((stamp, payload))
    }
}

/// Whether stamps of files in `folder` show every write (see the module's notes); false
/// when the file system cannot be asked.
pub(crate) fn trusted_on(folder: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        /// `f_type` of the file systems whose stamps can miss a write (`linux/magic.h`).
        const UNTRUSTED: [u64; 11] = [
            0x4d44,      // FAT (msdos, vfat)
            0x2011_bab0, // exFAT
            0x6969,      // NFS
            0x517b,      // SMB
            0xff53_4d42, // CIFS
            0xfe53_4d42, // SMB2
            0x6573_5546, // FUSE (sshfs, ntfs-3g, rclone, …)
            0x0102_1997, // 9P (virtual machines' and WSL's shared folders)
            0x00c3_6400, // Ceph
            0x5346_414f, // AFS
            0x6b41_4653, // kAFS
        ];
        match rustix::fs::statfs(folder) {
            Ok(fs) => !UNTRUSTED.contains(&(fs.f_type as u64)),
            Err(_) => false,
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = folder;
        true
    }
}

/// The stamps of one series' files, each with what the file held when it had it (the
/// content key of its body, its summary): what was stored, and what this run found.
pub(crate) struct Stamps {
    cache: Cache,
    /// Whether the series' file system keeps stamps that show every write ([`trusted_on`]).
    trusted: bool,
    /// Entries found this run, to add (the file's path key, its encoded stamp and payload).
    found: Vec<(u128, Vec<u8>)>,
}

impl Stamps {
    /// The stamps in `cache`, used only if `trusted` (see [`trusted_on`]).
    pub(crate) fn new(cache: Cache, trusted: bool) -> Self {
        Self { cache, trusted, found: Vec::new() }
    }

    /// What the file at `path` held, if its stored stamp is `stamp`.
    pub(crate) fn known(&self, path: &Path, stamp: &Stamp) -> Option<&[u8]> {
        if !self.trusted {
            return None;
        }
        let (stored, payload) = self.cache.get(path_key(path)).and_then(Stamp::decode)?;
        (stored == *stamp).then_some(payload)
    }

    /// Records that the file at `path`, when its stamp was `stamp`, held `payload`; kept only
    /// if the stamp is settled.
    pub(crate) fn record(&mut self, path: &Path, stamp: &Stamp, payload: &[u8], now: SystemTime) {
        if self.trusted && stamp.settled(now) {
            self.found.push((path_key(path), stamp.encode(payload)));
        }
    }

    /// Writes the stamps back when some were recorded. Those of files not looked at this
    /// time are kept: there is one per path, and a command that reads part of a series must
    /// not make the next one read the rest.
    pub(crate) fn store(self) {
        if !self.found.is_empty() {
            let used: Vec<(u128, &[u8])> = self.found.iter().map(|(k, v)| (*k, v.as_slice())).collect();
            self.cache.store_keeping(&used);
        }
    }
}

/// The cache key of a file's path: the whole path, so that two corpora in one repository
/// with a series of the same name keep apart the stamps they share a cache for.
pub(crate) fn path_key(path: &Path) -> u128 {
    xxhash_rust::xxh3::xxh3_128(path.as_os_str().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_round_trips_and_is_settled_only_when_old() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "text").unwrap();
        let stamp = Stamp::of(&fs::symlink_metadata(&path).unwrap());
        let encoded = stamp.encode(b"payload");
        assert_eq!(Stamp::decode(&encoded), Some((stamp, &b"payload"[..])));
        assert_eq!(Stamp::decode(&encoded[..Stamp::FIELDS - 1]), None);
        let now = SystemTime::now();
        assert!(!stamp.settled(now), "just written");
        assert!(!stamp.settled(now + SETTLED / 2));
        assert!(stamp.settled(now + SETTLED + Duration::from_secs(1)));
        assert!(!stamp.settled(UNIX_EPOCH), "before the file");
    }

    /// A corpus of two meetings in series `s`, not committed (keys are of the work tree).
    fn corpus() -> (tempfile::TempDir, crate::corpus::Corpus, Vec<crate::corpus::MeetingId>) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = crate::corpus::Corpus::init(dir.path()).unwrap();
        fs::create_dir(dir.path().join("s")).unwrap();
        for (date, body) in [("2020-01-01", "One."), ("2021-01-01", "Two.")] {
            let text = format!("+++\nseries = \"s\"\ndate = {date}\n+++\n\n{body}\n");
            fs::write(dir.path().join(format!("s/{date}.md")), text).unwrap();
        }
        let ids = corpus.listing().unwrap().series("s").cloned().collect();
        (dir, corpus, ids)
    }

    #[test]
    fn keys_come_from_settled_stamps_and_a_changed_file_is_read_again() {
        let (dir, corpus, ids) = corpus();
        let key = |body: &str| crate::text::hash::content_key(&format!("\n{body}\n"));
        let fresh = [key("One."), key("Two.")];
        let now = SystemTime::now();
        let later = now + SETTLED + Duration::from_secs(1);
        let stamps = dir.path().join(".git/communique/stamps/s.bin");
        // Files just written: read, and their stamps not kept.
        assert_eq!(corpus.body_keys_at(&ids, now).unwrap(), fresh);
        assert!(!stamps.exists());
        // Settled: kept, and trusted from then on, which a stored key unlike the text's shows.
        assert_eq!(corpus.body_keys_at(&ids, later).unwrap(), fresh);
        let cache = Cache::load(STAMPS, Some(stamps.clone()));
        let at = path_key(&dir.path().join(ids[0].path()));
        let (stamp, stored) = Stamp::decode(cache.get(at).unwrap()).unwrap();
        assert_eq!(stored, fresh[0].to_le_bytes());
        cache.store_keeping(&[(at, &stamp.encode(&42u128.to_le_bytes()))]);
        assert_eq!(corpus.body_keys_at(&ids, later).unwrap(), [42, fresh[1]]);
        // Written again with the same size and modification time: read again.
        let path = dir.path().join(ids[0].path());
        let meta = fs::symlink_metadata(&path).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let text = fs::read_to_string(&path).unwrap().replace("One.", "Uno.");
        fs::write(&path, text).unwrap();
        fs::File::options().write(true).open(&path).unwrap().set_modified(meta.modified().unwrap()).unwrap();
        assert_eq!(corpus.body_keys_at(&ids, later).unwrap(), [key("Uno."), fresh[1]]);
        // A meeting that is not a plain file is refused as reading it would be.
        fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(dir.path().join(ids[1].path()), &path).unwrap();
        let error = corpus.body_keys_at(&ids, later).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
    }

    #[test]
    fn stamps_on_a_file_system_that_can_miss_a_write_are_neither_used_nor_kept() {
        let dir = tempfile::tempdir().unwrap();
        assert!(trusted_on(dir.path()), "the temporary folder's file system keeps change times");
        assert!(!trusted_on(&dir.path().join("missing")), "one that cannot be asked is not trusted");
        let path = dir.path().join("a.md");
        fs::write(&path, "one").unwrap();
        let stamp = Stamp::of(&fs::symlink_metadata(&path).unwrap());
        let later = SystemTime::now() + SETTLED + Duration::from_secs(1);
        let cache = || Cache::load(STAMPS, Some(dir.path().join("stamps.bin")));
        let mut untrusted = Stamps::new(cache(), false);
        untrusted.record(&path, &stamp, b"7", later);
        untrusted.store();
        assert!(!dir.path().join("stamps.bin").exists());
        let mut trusted = Stamps::new(cache(), true);
        trusted.record(&path, &stamp, b"7", later);
        trusted.store();
        assert_eq!(Stamps::new(cache(), true).known(&path, &stamp), Some(&b"7"[..]));
        assert_eq!(Stamps::new(cache(), false).known(&path, &stamp), None);
    }

    #[test]
    fn a_stamp_looked_up_in_its_folder_is_the_one_of_its_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), "one").unwrap();
        std::os::unix::fs::symlink("a.md", dir.path().join("b.md")).unwrap();
        let folder = fs::File::open(dir.path()).unwrap();
        let at = |name: &str| {
            rustix::fs::statat(&folder, name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW)
                .map(|s| Stamp::of_stat(&s))
        };
        for (name, plain) in [("a.md", true), ("b.md", false)] {
            let meta = fs::symlink_metadata(dir.path().join(name)).unwrap();
            let stamp = at(name).unwrap();
            assert_eq!((stamp, stamp.is_file()), (Stamp::of(&meta), plain), "{name}");
        }
        assert_eq!(at("c.md").unwrap_err(), rustix::io::Errno::NOENT);
    }

    #[test]
    fn a_rewrite_with_the_same_size_and_modification_time_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "one").unwrap();
        let meta = fs::symlink_metadata(&path).unwrap();
        let before = Stamp::of(&meta);
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&path, "two").unwrap();
        // The modification time set back to what it was, as `touch -r` or `rsync -t` do.
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(meta.modified().unwrap()).unwrap();
        let after = Stamp::of(&fs::symlink_metadata(&path).unwrap());
        assert_eq!((after.size, after.modified), (before.size, before.modified));
        assert_ne!(after, before, "the change time tells them apart");
    }
}
