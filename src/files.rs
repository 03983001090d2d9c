//! The file system at the edge: the one durable writer (`write_durably`, used by the corpus,
//! its caches and `report -o`; `Staged` takes its steps for many files, each synced or all
//! with one sync of their file systems, `FileSystems`, for the corpus's changes), writing a
//! file the user named without ever replacing what is not ours, reading a file to import
//! with a size limit, and saying what an I/O error means.
//!
//! Layer: imports nothing of the crate; the corpus and `ops` write through it.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` as a user expects from `-o PATH`:
///
/// - a regular file (or none yet) is replaced whole or not at all, through a temporary file
///   beside it renamed over it, keeping its permissions ([`write_durably`]): a reader never sees
///   half a file and a failure leaves no temporary file behind;
/// - a symbolic link is followed, so its target is written (as above) and the link stays;
/// - a FIFO, a device or any other special file is written to directly, never replaced (as a
///   shell's `>` does: `-o /dev/stdout` and `-o /dev/null` work);
/// - a folder is an error;
/// - a name for one of this process's open files (`/dev/stdout`, `/dev/fd/2`,
///   `/proc/self/fd/1`, or a link to one) is written through that descriptor, as a shell does,
///   so `-o /dev/stdout >> log` appends: the file behind it is never replaced or truncated.
pub(crate) fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let path = match follow_links(path)? {
        Target::Path(path) => path,
        Target::Descriptor(1) => return io::stdout().lock().write_all(bytes),
        Target::Descriptor(2) => return io::stderr().lock().write_all(bytes),
        Target::Descriptor(n) => {
            return Err(io::Error::other(format!(
                "names open file descriptor {n}; only standard output (1) and standard error (2) can be written"
            )));
        }
    };
    match fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder")),
        Ok(meta) if !meta.is_file() => fs::OpenOptions::new().write(true).open(&path)?.write_all(bytes),
        Ok(meta) => {
            // As a shell's `>`: a file the user may not write is refused (even where the folder
            // would let a new file replace it), and one in a folder where no new file can be
            // made is written in place.
            fs::OpenOptions::new().write(true).open(&path)?;
            match write_durably(&path, bytes, Temporary::PerProcess, Some(meta.permissions())) {
                Err(e) if e.source.kind() == io::ErrorKind::PermissionDenied => {
                    fs::OpenOptions::new().write(true).truncate(true).open(&path)?.write_all(bytes)
                }
                written => written.map_err(|e| e.source),
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            write_durably(&path, bytes, Temporary::PerProcess, None).map_err(|e| e.source)
        }
        Err(e) => Err(e),
    }
}

/// How [`write_durably`] names its temporary file beside the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Temporary {
    /// `.NAME.tmp`, for a writer that holds a lock (the corpus's): no other process writes
    /// there, so whatever is left under that name (by a process that died, or a link someone
    /// put there) is removed first, and recovery knows where to look.
    Fixed,
    /// `.NAME.PID.tmp`, for a writer without a lock (the caches, `report -o`): two processes
    /// never share one; anything already there is refused, never removed or written through.
    PerProcess,
}

/// A durable write that failed: the path of the step that failed (the temporary file, the
/// target, or its folder) and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", path.display(), explain(source))]
pub(crate) struct WriteError {
    /// The file or folder the failing step worked on.
    pub path: PathBuf,
    /// Why.
    pub source: io::Error,
}

/// The temporary file [`write_durably`] writes before renaming it over `path`.
pub(crate) fn temporary(path: &Path, kind: Temporary) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?
        .to_string_lossy();
    let name = match kind {
        Temporary::Fixed => format!(".{name}.tmp"),
        Temporary::PerProcess => format!(".{name}.{}.tmp", std::process::id()),
    };
    Ok(folder(path).join(name))
}

/// The folder holding `path` (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The one durable writer: `bytes` replace `path` whole or not at all, and stay replaced
/// after a crash or a power cut once this returns. A temporary file is created new
/// (`O_EXCL`: never opened through a link) in the same folder, written, given `permissions`
/// (else the process's default for a new file), synced to disk, renamed over `path`, and the
/// folder synced so the rename itself is on disk. On any failure the temporary file is
/// removed (when it was ours) and `path` is as it was (or, if only the folder's sync failed,
/// already replaced).
pub(crate) fn write_durably(
    path: &Path,
    bytes: &[u8],
    kind: Temporary,
    permissions: Option<fs::Permissions>,
) -> Result<(), WriteError> {
    write_durably_with(path, kind, permissions, |file| file.write_all(bytes))
}

/// [`write_durably`] of what `fill` writes to the temporary file: for contents too large to
/// hold whole in memory first (a site's manifest at 24,000 meetings).
pub(crate) fn write_durably_with(
    path: &Path,
    kind: Temporary,
    permissions: Option<fs::Permissions>,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<(), WriteError> {
    let (temp, file) = write_beside(path, fill, kind, permissions)?;
    let written = file.sync_all().map_err(at(&temp)).and_then(|()| fs::rename(&temp, path).map_err(at(path)));
    drop(file);
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    sync_folder(folder(path)).map_err(at(folder(path)))
}

/// `bytes` replace `path` whole or not at all, as [`write_durably`] does, but nothing is
/// synced: for many files made again from what is kept elsewhere (a site's pages), which the
/// caller syncs together once, or not at all.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let (temp, file) = write_beside(path, |file| file.write_all(bytes), Temporary::PerProcess, None)?;
    drop(file);
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        at(path)(e)
    })
}

/// A [`WriteError`] at `path`.
fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError { path, source }
}

/// Writes `bytes` to `path`'s temporary file ([`temporary`]), created new, with
/// `permissions`; neither synced nor renamed. Under [`Temporary::Fixed`], whatever is left
/// under that name is removed first. On failure the temporary file is removed (when it was
/// ours).
fn write_beside(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
    kind: Temporary,
    permissions: Option<fs::Permissions>,
) -> Result<(PathBuf, fs::File), WriteError> {
    let temp = temporary(path, kind).map_err(at(path))?;
    if kind == Temporary::Fixed {
        match fs::remove_file(&temp) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(at(&temp)(e)),
            _ => {}
        }
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp).map_err(at(&temp))?;
    match fill(&mut file).and_then(|()| permissions.map_or(Ok(()), |p| file.set_permissions(p))) {
        Ok(()) => Ok((temp, file)),
        Err(e) => {
            drop(file);
            let _ = fs::remove_file(&temp);
            Err(at(&temp)(e))
        }
    }
}

/// A file written beside its target but not yet renamed over it: the durable writer's steps
/// for many files at once (the corpus's changes). The caller, holding a lock
/// ([`Temporary::Fixed`]), stages every file, either syncing each as it is written or then
/// syncing their file systems ([`FileSystems::sync`]) so that their content is on disk, puts
/// each in place, and syncs their folders or file systems again so that the renames are on
/// disk.
#[derive(Debug)]
pub(crate) struct Staged {
    temp: PathBuf,
    path: PathBuf,
    written: Written,
}

/// What `fstat` said of a file just written: its device, inode, size and modification time.
/// A rename keeps them all (it moves only the change time); a write changes the size or the
/// modification time, and a file put in its place has another inode. So a file whose
/// `lstat` still says this is the file as written, as far as the clock's resolution can
/// tell (git's racy-clean rule covers a write in the same tick of the clock as ours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Written {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
}

impl Written {
    /// What `meta` says of its file.
    pub(crate) fn of(meta: &fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self { dev: meta.dev(), ino: meta.ino(), size: meta.size(), mtime: (meta.mtime(), meta.mtime_nsec()) }
    }
}

impl Staged {
    /// Writes `bytes` to `path`'s [`Temporary::Fixed`] file (whatever is left under that name
    /// is removed first, never written through), with the process's default permissions;
    /// synced to disk at once if `sync` (else the caller syncs its file system).
    pub(crate) fn write(path: &Path, bytes: &[u8], sync: bool) -> Result<Self, WriteError> {
        let (temp, file) = write_beside(path, |file| file.write_all(bytes), Temporary::Fixed, None)?;
        let synced = if sync { file.sync_all() } else { Ok(()) };
        match synced.and_then(|()| file.metadata()) {
            Ok(meta) => Ok(Self { temp, path: path.to_path_buf(), written: Written::of(&meta) }),
            Err(e) => {
                drop(file);
                let _ = fs::remove_file(&temp);
                Err(at(&temp)(e))
            }
        }
    }

    /// Renames the file over its target: a reader sees the old file or the new one, never
    /// half of one. On disk after the next sync of its file system. On failure the temporary
    /// file is removed and the target is as it was. Gives what `fstat` said of the file as
    /// written, to tell later whether what is at the target is still that file.
    pub(crate) fn put_in_place(self) -> Result<Written, WriteError> {
        fs::rename(&self.temp, &self.path).map_err(|e| {
            let _ = fs::remove_file(&self.temp);
            at(&self.path)(e)
        })?;
        Ok(self.written)
    }
}

/// The file systems that writes land on, opened before the writes: syncing them makes
/// everything written there so far durable, with one `syncfs` each rather than one `fsync`
/// per file and folder. Opened first because `syncfs` reports the write-back errors of a file
/// system only from when its descriptor was opened (and only since Linux 5.8: before, it
/// reports none).
///
/// Linux and Android only: elsewhere `sync` is no barrier (macOS and the BSDs may return
/// before the data is written, and report no error), so writers sync each file and folder.
/// Neither does `syncfs` ask a FUSE daemon or a network file system's server to write
/// anything; callers sync each file there.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug)]
pub(crate) struct FileSystems {
    /// A folder on each file system (the first of the given paths on it).
    folders: Vec<(PathBuf, fs::File)>,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl FileSystems {
    /// The file systems holding `folders`, each once. A folder not made yet counts as its
    /// nearest existing parent, on whose file system it will be made.
    pub(crate) fn open<'p>(folders: impl IntoIterator<Item = &'p Path>) -> Result<Self, WriteError> {
        use std::os::unix::fs::MetadataExt;
        let mut open: Vec<(PathBuf, fs::File)> = Vec::new();
        let mut devices = Vec::new();
        for folder in folders {
            let mut existing = folder;
            let meta = loop {
                match fs::metadata(existing) {
                    Err(e) if e.kind() == io::ErrorKind::NotFound => match existing.parent() {
                        Some(parent) if !parent.as_os_str().is_empty() => existing = parent,
                        _ => return Err(at(folder)(e)),
                    },
                    meta => break meta.map_err(at(existing))?,
                }
            };
            if !devices.contains(&meta.dev()) {
                let file = fs::File::open(existing).map_err(at(existing))?;
                devices.push(file.metadata().map_err(at(existing))?.dev());
                open.push((existing.to_path_buf(), file));
            }
        }
        Ok(Self { folders: open })
    }

    /// A folder on each of these file systems.
    pub(crate) fn folders(&self) -> impl Iterator<Item = &Path> {
        self.folders.iter().map(|(folder, _)| folder.as_path())
    }

    /// Makes everything written to these file systems so far durable; an error if any write
    /// to them since they were opened failed to reach the disk.
    pub(crate) fn sync(&self) -> Result<(), WriteError> {
        for (folder, file) in &self.folders {
            rustix::fs::syncfs(file).map_err(|e| at(folder)(e.into()))?;
        }
        Ok(())
    }
}

/// Syncs a file written earlier (by whatever writer) to disk: its content and its size.
pub(crate) fn sync_file(path: &Path) -> Result<(), WriteError> {
    fs::File::open(path).and_then(|file| file.sync_all()).map_err(at(path))
}

/// Syncs a folder, so that a rename in it is on disk. A folder that cannot be opened for
/// reading (a write-only drop box) or a file system that cannot sync folders leaves it to the
/// system: the rename stands either way.
pub(crate) fn sync_folder(dir: &Path) -> io::Result<()> {
    match fs::File::open(dir).and_then(|d| d.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        synced => synced,
    }
}

/// Where an output path leads.
enum Target {
    /// A file (or none yet) at this path.
    Path(PathBuf),
    /// One of this process's open file descriptors.
    Descriptor(u32),
}

/// The file descriptor a path names through the system's aliases (`/dev/stdout`, `/dev/fd/N`,
/// `/proc/self/fd/N`, `/proc/<this process>/fd/N`), if it names one.
fn descriptor(path: &Path) -> Option<u32> {
    let text = path.to_str()?;
    match text {
        "/dev/stdin" => return Some(0),
        "/dev/stdout" => return Some(1),
        "/dev/stderr" => return Some(2),
        _ => {}
    }
    let rest = text.strip_prefix("/dev/fd/").or_else(|| {
        let rest = text.strip_prefix("/proc/")?;
        let (process, rest) = rest.split_once('/')?;
        (process == "self" || process == std::process::id().to_string()).then_some(rest)?.strip_prefix("fd/")
    })?;
    rest.parse().ok()
}

/// `path` with symbolic links in its last component followed (a link to a link too); a
/// dangling link gives the path it points to, so writing creates the target.
fn follow_links(path: &Path) -> io::Result<Target> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        if let Some(n) = descriptor(&path) {
            return Ok(Target::Descriptor(n));
        }
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(Target::Path(path)),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// How much of a file to read at most when none is given: far more than any communiqué (the
/// longest FOMC statement is 30 KB, a long UN resolution 200 KB), far less than memory.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// Why a file to import could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A FIFO, a device, a socket: reading it could block or never end.
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    /// A folder.
    #[error("is a folder")]
    Folder,
    /// Larger than the limit.
    #[error("the file is {}, larger than the {} limit", size_text(*.size), size_text(*.limit))]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A NUL byte in the first block.
    #[error("this is a binary file, not text (a NUL byte at offset {0})")]
    Binary(usize),
    /// Reading failed.
    #[error("cannot read the file")]
    Io(#[from] io::Error),
}

/// Reads a file to import: refuses anything but a regular file (after following links), a file
/// over `limit` bytes (from its size, before reading), and a file whose first block holds a
/// NUL byte (binary, but for a PDF or a zip archive such as a Word file); reads at most `limit` bytes even if the file grows meanwhile.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let meta = fs::metadata(path)?;
    check_kind(&meta)?;
    if meta.len() > limit {
        return Err(InputError::TooLarge { size: meta.len(), limit });
    }
    let mut file = fs::File::open(path)?;
    // The file may have been swapped between the look and the open: look again at what was
    // opened.
    let opened = file.metadata()?;
    check_kind(&opened)?;
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    let mut block = [0u8; 8192];
    let first = read_full(&mut file, &mut block)?;
    if let Some(at) = block[..first].iter().position(|&b| b == 0) {
        // UTF-16 text has NULs too; the decoder says what it is from its byte-order mark. A PDF
        // and a Word file (a zip archive) are binary and imported as such.
        if !(block.starts_with(b"\xFF\xFE")
            || block.starts_with(b"\xFE\xFF")
            || block.starts_with(b"%PDF-")
            || block.starts_with(b"PK\x03\x04"))
        {
            return Err(InputError::Binary(at));
        }
    }
    bytes.extend_from_slice(&block[..first]);
    (&mut file).take(limit.saturating_sub(first as u64).saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

fn check_kind(meta: &fs::Metadata) -> Result<(), InputError> {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_file() {
        Ok(())
    } else if kind.is_dir() {
        Err(InputError::Folder)
    } else if kind.is_fifo() {
        Err(InputError::NotRegular("a FIFO"))
    } else if kind.is_char_device() || kind.is_block_device() {
        Err(InputError::NotRegular("a device"))
    } else if kind.is_socket() {
        Err(InputError::NotRegular("a socket"))
    } else {
        Err(InputError::NotRegular("a special file"))
    }
}

/// Reads until `buf` is full or the file ends; how many bytes were read.
fn read_full(file: &mut fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Parses a size: bytes, or a number with `K`, `M`, `G` (powers of 1024; `KiB`, `MB`… too).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 =
        number.parse().map_err(|_| format!("\"{text}\" is not a size; write it like 200M or 1G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("\"{text}\" is not a size; write it like 200M or 1G")),
    };
    number.checked_mul(1 << shift).ok_or_else(|| format!("\"{text}\" is too large"))
}

/// A `--max-size` value at least `bytes`, as `parse_size` reads it: `4G`, `128M`, `1M`.
pub fn size_flag(bytes: u64) -> String {
    let mebibytes = bytes.div_ceil(1 << 20).max(1);
    let rounded = mebibytes.checked_next_power_of_two().unwrap_or(mebibytes);
    if rounded >= 1024 && rounded.is_multiple_of(1024) {
        format!("{}G", rounded / 1024)
    } else {
        format!("{rounded}M")
    }
}

/// A size for people: `3.0 GiB`, `64 MiB`, `512 bytes`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// What an I/O error means, in the words of the rest of our messages: lower case, no
/// "(os error N)", and what a full disk is.
pub fn explain(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::StorageFull => "no space left on device".into(),
        io::ErrorKind::QuotaExceeded => "disk quota exceeded".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::IsADirectory => {
            let text = error.to_string();
            if text.starts_with("is a folder") { text } else { "is a folder".into() }
        }
        _ => {
            let text = error.to_string();
            let text = match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
                    first.to_lowercase().chain(chars).collect()
                }
                _ => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_durable_write_replaces_the_file_and_leaves_no_temporary() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        for kind in [Temporary::Fixed, Temporary::PerProcess] {
            write_durably(&path, b"first", kind, None).unwrap();
            write_durably(&path, b"second", kind, Some(fs::Permissions::from_mode(0o640))).unwrap();
            assert_eq!(fs::read(&path).unwrap(), b"second");
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
            assert_eq!(names(dir.path()), ["out.md"]);
        }
        assert_eq!(temporary(&path, Temporary::Fixed).unwrap(), dir.path().join(".out.md.tmp"));
        let per_process = format!(".out.md.{}.tmp", std::process::id());
        assert_eq!(temporary(&path, Temporary::PerProcess).unwrap(), dir.path().join(per_process));
        assert_eq!(temporary(Path::new("bare"), Temporary::Fixed).unwrap(), Path::new("./.bare.tmp"));
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn staged_files_replace_their_targets_only_when_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old.md"), dir.path().join("new.md"));
        fs::write(&old, "before").unwrap();
        // A link left at the temporary name is removed, never written through.
        let victim = dir.path().join("victim");
        fs::write(&victim, "not ours").unwrap();
        std::os::unix::fs::symlink(&victim, temporary(&old, Temporary::Fixed).unwrap()).unwrap();
        let file_systems = FileSystems::open([dir.path(), dir.path(), &dir.path().join("not/yet")]).unwrap();
        assert_eq!(file_systems.folders().collect::<Vec<_>>(), [dir.path()], "one file system, synced once");
        let staged =
            [Staged::write(&old, b"after", false).unwrap(), Staged::write(&new, b"first", true).unwrap()];
        assert_eq!(fs::read_to_string(&old).unwrap(), "before");
        assert!(!new.exists());
        file_systems.sync().unwrap();
        for file in staged {
            file.put_in_place().unwrap();
        }
        file_systems.sync().unwrap();
        assert_eq!(
            (fs::read_to_string(&old).unwrap(), fs::read_to_string(&new).unwrap()),
            ("after".into(), "first".into())
        );
        assert_eq!(fs::read_to_string(&victim).unwrap(), "not ours");
        assert_eq!(names(dir.path()), ["new.md", "old.md", "victim"]);
    }

    #[test]
    fn a_staged_file_is_known_as_written_until_something_writes_or_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.md");
        let now = || Written::of(&fs::symlink_metadata(&path).unwrap());
        let written = Staged::write(&path, b"ours", false).unwrap().put_in_place().unwrap();
        assert_eq!(now(), written, "a rename keeps what fstat said");
        // Appended to (even within the clock's tick: the size moves).
        fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b" edit").unwrap();
        assert_ne!(now(), written);
        // Replaced by a file of the same size and time: another inode.
        let written = Staged::write(&path, b"ours", false).unwrap().put_in_place().unwrap();
        let other = dir.path().join("other");
        fs::write(&other, b"four").unwrap();
        let meta = fs::metadata(&path).unwrap();
        fs::File::options().write(true).open(&other).unwrap().set_modified(meta.modified().unwrap()).unwrap();
        fs::rename(&other, &path).unwrap();
        assert_ne!(now(), written);
    }

    #[test]
    fn a_failed_durable_write_leaves_the_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        // The rename fails: the target is a folder that is not empty.
        let target = dir.path().join("folder");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "kept").unwrap();
        for kind in [Temporary::Fixed, Temporary::PerProcess] {
            let error = write_durably(&target, b"new", kind, None).unwrap_err();
            assert_eq!(error.path, target, "the error names the file it could not replace");
            assert_eq!(names(dir.path()), ["folder"]);
            assert_eq!(fs::read_to_string(target.join("inside")).unwrap(), "kept");
        }
        // No folder to write in: the error names the temporary file.
        let missing = dir.path().join("no/such/file");
        let error = write_durably(&missing, b"new", Temporary::PerProcess, None).unwrap_err();
        assert_eq!(error.path, temporary(&missing, Temporary::PerProcess).unwrap());
        assert_eq!(error.to_string(), format!("{}: no such file or folder", error.path.display()));
    }

    #[test]
    fn a_link_planted_at_the_temporary_name_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "not ours").unwrap();
        let path = dir.path().join("out.md");
        // Without a lock: refused, and the link is left as it is.
        let planted = temporary(&path, Temporary::PerProcess).unwrap();
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let error = write_durably(&path, b"new", Temporary::PerProcess, None).unwrap_err();
        assert_eq!(
            (error.path.as_path(), error.source.kind()),
            (planted.as_path(), io::ErrorKind::AlreadyExists)
        );
        assert!(fs::symlink_metadata(&planted).unwrap().file_type().is_symlink());
        assert!(!path.exists());
        // Under a lock: the link is removed first, then the file written new.
        std::os::unix::fs::symlink(&victim, temporary(&path, Temporary::Fixed).unwrap()).unwrap();
        write_durably(&path, b"new", Temporary::Fixed, None).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "not ours");
        assert!(!temporary(&path, Temporary::Fixed).unwrap().exists());
    }

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("200M"), Ok(200 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("64 MiB"), Ok(64 << 20));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("-1M").is_err());
        assert!(parse_size("99999999999999999999T").is_err());
        assert!(parse_size("16777216T").is_err());
        assert_eq!(size_text(64 << 20), "64 MiB");
        assert_eq!(size_text(3_000_000_000), "2.8 GiB");
        assert_eq!(size_text(12), "12 bytes");
    }

    #[test]
    fn suggested_limits_parse_and_fit() {
        for size in [1, 66, 1 << 20, (1 << 20) + 1, 3_000_000_000, u64::MAX] {
            let flag = size_flag(size);
            let parsed = parse_size(&flag).unwrap_or(u64::MAX);
            assert!(parsed >= size.min(u64::MAX - (1 << 40)), "{size}: {flag}");
        }
        assert_eq!(size_flag(66), "1M");
        assert_eq!(size_flag(3_000_000_000), "4G");
    }

    #[test]
    fn io_errors_read_like_our_messages() {
        assert_eq!(explain(&io::Error::from(io::ErrorKind::StorageFull)), "no space left on device");
        assert_eq!(explain(&io::Error::from_raw_os_error(21)), "is a folder");
        assert_eq!(explain(&io::Error::from_raw_os_error(5)), "input/output error");
    }

    #[test]
    fn too_large_says_both_sizes() {
        let message = InputError::TooLarge { size: 3_000_000_000, limit: DEFAULT_MAX_SIZE }.to_string();
        assert_eq!(message, "the file is 2.8 GiB, larger than the 64 MiB limit");
    }
}
