//! One change to the corpus, as one commit, that survives being interrupted at any point.
//!
//! The commit's tree is HEAD's tree with only these paths changed, so whatever else the user
//! has staged in a shared repository stays staged and out of the commit. The order of work:
//!
//! 1. Under the corpus lock (`.git/communique/lock`, an OS file lock: released when the
//!    process dies), refuse if a path to change has uncommitted edits: nothing is overwritten.
//! 2. Write the blobs (each hashed and written once; one pack for many, see [`blobs`]), the
//!    tree and the commit object (git objects only: unreferenced if the process dies now, and
//!    HEAD has not moved).
//! 3. Write the journal (`.communique-transaction` in the corpus root) naming the paths, and
//!    make it durable.
//! 4. Write each file beside its target; sync; rename each into place (or delete it); write
//!    the index, each entry from the blob id of step 2 and the stat data of the file just
//!    renamed (as `git add` records it, without reading the file again), unless the file
//!    changed since it was written (someone's edit: then an entry git must check again);
//!    sync.
//! 5. Move the branch to the new commit (compare-and-swap on its old value): the point of
//!    no return.
//! 6. Delete the journal.
//!
//! If the process dies between 3 and 6, the next command that opens the corpus finds the
//! journal and makes the journaled paths, in the work tree and the index, match HEAD: the
//! whole change if HEAD moved, none of it otherwise. It rewrites only the files that differ
//! from HEAD's (as a change writes them: beside, synced, renamed) and makes the index entries
//! of the others. An error (rather than death) does the same at once.
//!
//! Durability (a power cut or a crash of the system, not only of the process) takes a
//! barrier at each of these points, so that no crash leaves an order of events that recovery
//! would misread:
//!
//! - The journal is synced on its own (file and folder) before any work-tree file is touched:
//!   a file replaced while its journal could still be lost would be left as an edit nobody
//!   made, with nothing to say it was ours.
//! - The files are written beside their targets and on disk before any is renamed: a rename
//!   can reach the disk before the data it names, and a crash then leaves an empty or partial
//!   file, which recovery must take for someone's edit and keep. After the barrier, whatever
//!   renames survive a crash name whole files, old or new, which recovery knows.
//! - The renames, the removals, the index and the git objects of step 2 are on disk before
//!   the branch moves: once it names the commit, no crash can take back what the commit says
//!   is there.
//! - The branch's file and its folder are synced after it moves, before the journal is
//!   deleted (libgit2 syncs no ref): else the journal's removal could reach the disk and the
//!   move not (new files and index, old HEAD, and nothing to say they were ours), or a new
//!   branch's file be left empty. Recovery likewise syncs what it put back, the index and
//!   the branch before it deletes the journal.
//!
//! A change of up to [`SYNC_EACH_FILE_UP_TO`] files (the commonest: one meeting) syncs each
//! file as it is written, then each folder it wrote in, its objects and the index (`fsync`):
//! it waits for its own writes only. A larger one syncs each file system it writes to, once
//! before the renames and once after (`syncfs`, opened before the first write so that it
//! reports any write that failed, on Linux 5.8 and later): two flushes whatever the size,
//! where an `fsync` per file costs a journal commit of the file system each (2,400 files:
//! 8.5 s against 70 ms), but each also waits for whatever else is waiting to be written on
//! that file system. `syncfs` is used only where it is a barrier that reaches the disk: on
//! Linux and Android (elsewhere `sync` may return before the writes are done), and not on
//! FUSE, network or virtual machines' shared file systems (see [`Flush::choose`]); there
//! every change syncs each file.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use git2::build::TreeUpdateBuilder;
use git2::{FileMode, Oid, Signature, Time};

use super::{Corpus, CorpusError, blobs, hooks};
use crate::files::{self, Temporary};

/// The journal of a change under way, in the corpus root (a dot file: never listed).
pub(crate) const JOURNAL: &str = ".communique-transaction";

/// The journal's first line.
const JOURNAL_HEADER: &str = "communique transaction\n";

/// One file to write or delete, relative to the corpus root.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    path: String,
    content: Option<Vec<u8>>,
}

impl Change {
    pub(crate) fn write(path: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), content: Some(content.into()) }
    }

    pub(crate) fn delete(path: impl Into<String>) -> Self {
        Self { path: path.into(), content: None }
    }
}

/// The corpus lock, held until dropped.
pub(crate) struct Lock {
    _file: fs::File,
}

/// How long a command waits for another one to finish changing the corpus.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

impl Corpus {
    /// Takes the corpus lock, waiting for another communique that holds it; an error saying
    /// the corpus is busy if it is still held after a while.
    pub(crate) fn lock(&self) -> Result<Lock, CorpusError> {
        let started = std::time::Instant::now();
        loop {
            match self.try_lock()? {
                Some(lock) => return Ok(lock),
                None if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                None => return Err(CorpusError::Busy(self.git()?.repo.path().join("communique/lock"))),
            }
        }
    }

    /// Takes the corpus lock if no other process holds it; `None` if one does.
    pub(crate) fn try_lock(&self) -> Result<Option<Lock>, CorpusError> {
        let git = self.git()?;
        let dir = git.repo.path().join("communique");
        fs::create_dir_all(&dir).map_err(CorpusError::io(&dir))?;
        let path = dir.join("lock");
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(CorpusError::io(&path))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Lock { _file: file })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(CorpusError::io(path)(e)),
        }
    }

    /// Applies `changes` as one commit with `message`, or leaves everything as it was. The
    /// caller holds the lock.
    pub(crate) fn commit(&self, changes: &[Change], message: &str) -> Result<Oid, CorpusError> {
        self.forget_keys();
        let done = self.commit_unchecked(changes, message).map_err(|e| self.diagnose(e));
        self.forget_keys();
        done
    }

    fn commit_unchecked(&self, changes: &[Change], message: &str) -> Result<Oid, CorpusError> {
        let git = self.git()?;
        let lock = git.repo.path().join("index.lock");
        if lock.exists() {
            return Err(CorpusError::IndexLocked(lock));
        }
        self.recover()?;
        let branch = branch(&git.repo)?;
        let parent = head_commit(&git.repo)?;
        self.refuse_links(changes.iter().map(|c| c.path.as_str()), parent.as_ref())?;
        self.refuse_uncommitted_edits(changes, parent.as_ref())?;

        // Chosen (and the file systems opened) before anything is written, so that a sync
        // of a file system reports every failed write.
        let folders = folders_written(&self.root, changes.iter().map(|c| c.path.as_str()), &git.repo);
        let flush = Flush::choose(changes.len(), folders, super::stamps::trusted_on)?;

        // 2. Objects only, each blob hashed and written once (all in one pack when there are
        // many): its id goes into the tree here, and into the journal and the index below.
        let contents: Vec<Option<&[u8]>> = changes.iter().map(|c| c.content.as_deref()).collect();
        let blobs = blobs::write(&git.repo, &contents)?;
        let mut update = TreeUpdateBuilder::new();
        for (change, blob) in changes.iter().zip(&blobs) {
            let path = git.repo_path(&change.path);
            match blob {
                Some(id) => update.upsert(&path, *id, FileMode::Blob),
                None => update.remove(&path),
            };
        }
        let base = match &parent {
            Some(commit) => commit.tree()?,
            None => git.repo.find_tree(git.repo.treebuilder(None)?.write()?)?,
        };
        let tree = git.repo.find_tree(update.create_updated(&git.repo, &base)?)?;
        let author = signature(&git.repo, "AUTHOR")?;
        let committer = signature(&git.repo, "COMMITTER")?;
        let commit =
            git.repo.commit(None, &author, &committer, message, &tree, &parent.iter().collect::<Vec<_>>())?;

        // 3. The journal (durable on its own, before any file is touched), then 4. files and
        // index, then 5. the branch.
        let journal = self.root.join(JOURNAL);
        let endings = git.line_endings();
        let on_disk: Vec<Option<Cow<'_, [u8]>>> = changes
            .iter()
            .map(|c| c.content.as_deref().map(|bytes| endings.checked_out(&c.path, bytes)))
            .collect();
        let lines: Vec<String> = changes
            .iter()
            .zip(&on_disk)
            .zip(&blobs)
            .map(|((change, bytes), blob)| match (bytes, blob) {
                // Written as stored: the blob's own id.
                (Some(Cow::Borrowed(_)), Some(id)) => format!("{}\t{id}", change.path),
                (Some(bytes), _) => format!("{}\t{}", change.path, blob_id(bytes)),
                (None, _) => format!("{}\t-", change.path),
            })
            .collect();
        write_whole(&journal, format!("{JOURNAL_HEADER}{}\n", lines.join("\n")).as_bytes())?;
        let applied = (|| -> Result<(), CorpusError> {
            // Every file is written beside its target and on disk (each synced, or all with
            // one sync) before any is renamed into place: after a power cut, a path holds its
            // old file or its new one, whole, as recovery expects.
            let mut staged = Vec::with_capacity(on_disk.len());
            for (change, bytes) in changes.iter().zip(&on_disk) {
                staged.push(stage_file(&self.root, &change.path, bytes.as_deref(), flush.each_file())?);
            }
            flush.staged()?;
            let mut written = Vec::with_capacity(staged.len());
            for (change, staged) in changes.iter().zip(staged) {
                written.push(put_in_place(&self.root, &change.path, staged)?);
            }
            let mut index = git.repo.index()?;
            index.read(true)?;
            for ((change, blob), written) in changes.iter().zip(&blobs).zip(written) {
                let path = git.repo_path(&change.path);
                match (blob, written) {
                    (Some(id), Some(written)) => {
                        index.add(&index_entry(&self.root.join(&change.path), path, *id, written)?)?;
                    }
                    _ => index.remove_path(Path::new(&path))?,
                }
            }
            index.write()?;
            // As `git commit`: the pre-commit hook sees the change staged, and may refuse it.
            if self.hooks.get() {
                hooks::pre_commit(&git.repo)?;
            }
            // The renames, the index and the objects on disk before the branch names the
            // commit: once it has moved, no crash takes back what it says.
            flush.settled(|| {
                let paths = changes.iter().map(|c| git.repo_path(&c.path));
                let mut written = objects_written(&git.repo, &tree, commit, &blobs, paths);
                written.push(git.repo.path().join("index"));
                written
            })?;
            let old = parent.as_ref().map(git2::Commit::id);
            move_branch(&git.repo, &branch, commit, old, message)?;
            // The move on disk before the journal goes (libgit2 syncs no ref): else a crash
            // could keep the journal's removal and lose the move (new files and index, old
            // HEAD, nothing to say they were ours), or leave a new branch's file empty.
            sync_ref(&git.repo, &branch)?;
            Ok(())
        })();
        // 6. On success the journal goes; on failure, recovery puts the paths back as HEAD has
        // them (HEAD did not move).
        match applied {
            Ok(()) => {
                fs::remove_file(&journal).map_err(CorpusError::io(&journal))?;
                if self.hooks.get() {
                    hooks::post_commit(&git.repo);
                }
                Ok(commit)
            }
            Err(e) => match self.recover() {
                Ok(()) => Err(e),
                Err(_) => Err(CorpusError::Unfinished(Box::new(e))),
            },
        }
    }

    /// An error as the user should read it: a write that failed because the disk is full says
    /// so, even when git reports it as something else (libgit2 often says "no error", or that
    /// it cannot find a pack entry).
    fn diagnose(&self, error: CorpusError) -> CorpusError {
        let full = |e: &std::io::Error| {
            matches!(e.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
        };
        let (inner, unfinished) = match error {
            CorpusError::Unfinished(inner) => (*inner, true),
            other => (other, false),
        };
        let disk_full = match &inner {
            CorpusError::Io { source, .. } | CorpusError::Read { source, .. } => full(source),
            CorpusError::Git(e) => {
                e.message().contains("No space left on device")
                    || self.git().is_ok_and(|git| probe_space(git.repo.path()).is_err_and(|e| full(&e)))
            }
            _ => false,
        };
        match (disk_full, unfinished) {
            (true, _) => CorpusError::DiskFull { finished: !unfinished },
            (false, true) => CorpusError::Unfinished(Box::new(inner)),
            (false, false) => inner,
        }
    }

    /// Refuses to write through a symbolic link: every folder on the way to each path, and the
    /// file itself, must be a real folder or file inside the corpus, in the work tree and in
    /// HEAD's tree (a committed link too), so no change can land outside the corpus.
    pub(crate) fn refuse_links<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p str>,
        head: Option<&git2::Commit<'_>>,
    ) -> Result<(), CorpusError> {
        let git = self.git()?;
        let tree = TreePaths::new(&git.repo, head.map(git2::Commit::tree).transpose()?);
        for path in paths {
            let mut prefix = String::new();
            for part in path.split('/') {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                let on_disk = fs::symlink_metadata(self.root.join(&prefix));
                let linked_on_disk = on_disk.as_ref().is_ok_and(|m| m.file_type().is_symlink());
                let linked_in_git = tree
                    .get(&git.repo_path(&prefix))
                    .is_some_and(|entry| entry.filemode() == i32::from(FileMode::Link));
                if linked_on_disk || linked_in_git {
                    return Err(CorpusError::Link(prefix));
                }
            }
        }
        Ok(())
    }

    /// Finishes or undoes a change that was interrupted: the journaled paths, in the work tree
    /// and the index, are made to match HEAD. Nothing to do without a journal but to remove
    /// what a pack being written when a process died left.
    pub(crate) fn recover(&self) -> Result<(), CorpusError> {
        self.forget_keys();
        // A pack being written when a process died (before any journal) is garbage in a folder
        // of ours; removing it is no part of settling the change, and may fail without harm.
        if let Ok(git) = self.git() {
            let _ = blobs::remove_leftovers(&git.repo);
        }
        let journal = self.root.join(JOURNAL);
        let text = match super::read_stored(&journal) {
            Ok(text) => text,
            Err(CorpusError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                // Killed while writing the journal itself: nothing was changed yet, but its
                // temporary file is left. (Only under the lock: a reader deletes nothing.)
                let _ = fs::remove_file(temporary(&journal));
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        // A journal is written whole (beside, then renamed): one that does not start as ours
        // was not written by communique, and its paths are not reset on its word.
        if !text.starts_with(JOURNAL_HEADER) {
            return Err(CorpusError::ForeignJournal(journal));
        }
        let git = self.git()?;
        // A journal that git tracks came with a checkout, not from an interrupted change.
        let journal_in_git = git.repo_path(JOURNAL);
        let mut index = git.repo.index()?;
        index.read(true)?;
        if index.get_path(Path::new(&journal_in_git), 0).is_some() {
            return Err(CorpusError::ForeignJournal(journal));
        }
        // Killed while writing the index or moving the branch, the process left git's index
        // lock or the branch's lock behind; the journal says they were ours.
        let mut locks = vec![git.repo.path().join("index.lock")];
        if let Ok(branch) = branch(&git.repo) {
            locks.push(git.repo.path().join(format!("{branch}.lock")));
        }
        for lock in locks {
            if lock.exists() {
                fs::remove_file(&lock).map_err(CorpusError::io(&lock))?;
            }
        }
        let head = head_commit(&git.repo)?;
        let tree = TreePaths::new(&git.repo, head.as_ref().map(git2::Commit::tree).transpose()?);
        let endings = git.line_endings();
        // Each line: a path and the id of what the change writes there (`-`: deletes it).
        // Only paths inside the corpus: a journal is ours, but a damaged one must not reach
        // outside.
        let journaled: Vec<(&str, &str)> = text
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once('\t'))
            .filter(|(path, _)| !path.split('/').any(|part| part.is_empty() || part == "." || part == ".."))
            .collect();
        let folders = folders_written(&self.root, journaled.iter().map(|(path, _)| *path), &git.repo);
        let flush = Flush::choose(journaled.len(), folders, super::stamps::trusted_on)?;
        index.read(true)?;
        // Files to put back (written beside their targets, on disk, then renamed, as a change
        // does), and files already as HEAD has them (only synced, their index entries made).
        let mut staged = Vec::new();
        let mut kept = Vec::new();
        for &(path, written) in &journaled {
            let repo_path = git.repo_path(path);
            let file = self.root.join(path);
            // Nothing is removed or written through a folder that is a link (one put there
            // since the change began): it could lead outside the corpus.
            if let Some((folder, _)) = path.rsplit_once('/') {
                refuse_link_on_the_way(&self.root, folder)?;
            }
            let _ = fs::remove_file(temporary(&file)); // a file being written when it died
            let entry = tree.get(&repo_path);
            let head_bytes = match &entry {
                Some(entry) => {
                    let blob = entry.to_object(&git.repo)?.peel_to_blob()?;
                    Some((entry.id(), endings.checked_out(path, blob.content()).into_owned()))
                }
                None => None,
            };
            // Only a file as the change left it (written or not yet) is put back: anything
            // else is someone's edit made since, and is left as it is.
            let now = match fs::symlink_metadata(&file) {
                Ok(meta) if meta.is_file() => Some(fs::read(&file).map_err(CorpusError::io(&file))?),
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(CorpusError::io(file)(e)),
            };
            // Already as HEAD has it (the change's file once HEAD had moved, or one it had not
            // replaced yet): nothing to write, only its index entry.
            if let (Some(now), Some((_, bytes))) = (&now, &head_bytes)
                && now == bytes
            {
                index.add_path(Path::new(&repo_path))?;
                kept.push(file);
                continue;
            }
            let ours = match &now {
                Some(bytes) => written == blob_id(bytes).to_string(),
                // Missing: deleted by the change, or by someone; HEAD's copy loses nothing.
                None => true,
            };
            if !ours {
                continue;
            }
            match head_bytes {
                Some((id, bytes)) => {
                    let file_staged = stage_file(&self.root, path, Some(&bytes), flush.each_file())?;
                    staged.push((repo_path, id, file, file_staged.expect("a file to write is staged")));
                }
                None => {
                    remove_file(&file)?;
                    if let Some(dir) = file.parent().filter(|d| *d != self.root) {
                        let _ = fs::remove_dir(dir); // only if empty
                    }
                    let _ = index.remove_path(Path::new(&repo_path));
                }
            }
        }
        flush.staged()?;
        for (repo_path, id, file, staged) in staged {
            let written = staged.put_in_place().map_err(io_error)?;
            index.add(&index_entry(&file, repo_path, id, written)?)?;
        }
        index.write()?;
        // As after a change: the files put back, the removals, the index and the branch (which
        // the change may have moved just before it died) on disk before the journal goes.
        flush.settled(|| {
            kept.push(git.repo.path().join("index"));
            kept
        })?;
        if let (Some(_), Ok(branch)) = (&head, branch(&git.repo)) {
            sync_ref(&git.repo, &branch)?;
        }
        fs::remove_file(&journal).map_err(CorpusError::io(&journal))?;
        Ok(())
    }

    /// The bytes a change writing `content` at `path` puts in the work tree (see
    /// [`LineEndings::checked_out`]).
    pub(crate) fn work_tree_bytes(&self, path: &str, content: &str) -> Result<Vec<u8>, CorpusError> {
        Ok(self.git()?.line_endings().checked_out(path, content.as_bytes()).into_owned())
    }

    /// Refuses a change that would overwrite or delete edits not yet committed (a file that
    /// differs from HEAD's, or is not in HEAD but exists). Differs as git sees it: bytes that
    /// are not HEAD's are asked about to git's status, which compares after git's filters (a
    /// file checked out with CRLF under `core.autocrlf` or `eol=crlf` is not an edit).
    fn refuse_uncommitted_edits(
        &self,
        changes: &[Change],
        head: Option<&git2::Commit<'_>>,
    ) -> Result<(), CorpusError> {
        let git = self.git()?;
        let tree = TreePaths::new(&git.repo, head.map(git2::Commit::tree).transpose()?);
        let mut index = git.repo.index()?;
        index.read(true)?;
        for change in changes {
            let file = self.root.join(&change.path);
            let on_disk = match super::read_stored_bytes(&file) {
                Ok(bytes) => Some(bytes),
                Err(CorpusError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            };
            let entry = tree.get(&git.repo_path(&change.path));
            // Staged but not committed: the index holds another version than HEAD's.
            let in_index = |stage| index.get_path(Path::new(&git.repo_path(&change.path)), stage);
            let staged = in_index(0).map(|e| e.id);
            if staged != entry.as_ref().map(git2::TreeEntry::id) {
                return Err(CorpusError::Uncommitted(change.path.clone()));
            }
            // In conflict (a merge under way): the change's index entry would stand beside the
            // merge's sides rather than resolve them.
            if (1..=3).any(|stage| in_index(stage).is_some()) {
                return Err(CorpusError::Uncommitted(change.path.clone()));
            }
            let committed = match entry {
                Some(entry) => Some(entry.to_object(&git.repo)?.peel_to_blob()?.content().to_vec()),
                None => None,
            };
            if on_disk.is_some() && on_disk != committed {
                let path = git.repo_path(&change.path);
                let clean = committed.is_some()
                    && git.repo.status_file(Path::new(&path)).is_ok_and(|status| status.is_empty());
                if !clean {
                    return Err(CorpusError::Uncommitted(change.path.clone()));
                }
            }
        }
        Ok(())
    }
}

impl super::Git {
    fn repo_path(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path)
    }

    /// Git's line-ending settings, read once for all the files of a change.
    fn line_endings(&self) -> LineEndings<'_> {
        let config = self.repo.config().ok();
        let setting = |name: &str| {
            config.as_ref().and_then(|c| c.get_string(name).ok()).map(|v| v.to_ascii_lowercase())
        };
        let autocrlf = match setting("core.autocrlf").as_deref() {
            Some("input") => Some(false),
            Some("true" | "yes" | "on" | "1") => Some(true),
            _ => None,
        };
        let text_crlf = autocrlf.unwrap_or_else(|| match setting("core.eol").as_deref() {
            Some("crlf") => true,
            Some("lf") => false,
            _ => cfg!(windows),
        });
        LineEndings {
            git: self,
            autocrlf,
            text_crlf,
            global: global_attributes(&self.repo),
            folders: RefCell::default(),
        }
    }
}

/// Whether an attributes file that applies to every path of the repository may exist: the
/// system's, the user's (`core.attributesFile`, else XDG's `git/attributes`), the
/// repository's `info/attributes`. Where in doubt, yes.
fn global_attributes(repo: &git2::Repository) -> bool {
    let exists = |path: &Path| fs::symlink_metadata(path).is_ok();
    let system = git2::Config::find_system().ok().and_then(|c| c.parent().map(|d| d.join("gitattributes")));
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".config")))
        .map(|dir| dir.join("git/attributes"));
    let configured = repo.config().map_or(true, |c| c.get_entry("core.attributesFile").is_ok());
    configured
        || exists(Path::new("/etc/gitattributes"))
        || system.is_none_or(|path| exists(&path))
        || xdg.is_some_and(|path| exists(&path))
        || exists(&repo.path().join("info/attributes"))
        || exists(&repo.commondir().join("info/attributes"))
}

/// How git checks files out, by git's rules (gitattributes(5) `text` and `eol`, then
/// `core.autocrlf`, then `core.eol`).
struct LineEndings<'g> {
    git: &'g super::Git,
    /// `core.autocrlf`: true, input (false), or unset.
    autocrlf: Option<bool>,
    /// The line ending of text without an `eol` attribute: CRLF or not.
    text_crlf: bool,
    /// Whether an attributes file for the whole repository may exist ([`global_attributes`]).
    global: bool,
    /// Per folder of the repository (`/`-separated, "" for the top): whether a
    /// `.gitattributes` file may apply to its files.
    folders: RefCell<crate::text::hash::FxHashMap<String, bool>>,
}

impl LineEndings<'_> {
    /// `content` as `git checkout` would write it at `path` (relative to the corpus root):
    /// with CRLF line endings when git's settings say so for its path, so that the work tree
    /// after a change is what a checkout of the commit gives (and `git status` has nothing to
    /// say). Borrowed when that is the content as stored.
    fn checked_out<'c>(&self, path: &str, content: &'c [u8]) -> Cow<'c, [u8]> {
        match self.line_ending(&self.git.repo_path(path), content) {
            LineEnding::Crlf => Cow::Owned(with_crlf(content)),
            LineEnding::AsStored => Cow::Borrowed(content),
        }
    }

    /// Whether a `.gitattributes` file in `folder` or a folder above it, in the work tree or
    /// in git's index (read when the work tree has none), may apply to its files.
    fn folder_attributes(&self, folder: &str) -> bool {
        if let Some(&known) = self.folders.borrow().get(folder) {
            return known;
        }
        let above = match folder.rsplit_once('/') {
            Some((up, _)) => Some(up),
            None if folder.is_empty() => None,
            None => Some(""),
        };
        let found = above.is_some_and(|up| self.folder_attributes(up)) || {
            let file = if folder.is_empty() {
                ".gitattributes".to_string()
            } else {
                format!("{folder}/.gitattributes")
            };
            let in_tree =
                self.git.repo.workdir().is_none_or(|top| fs::symlink_metadata(top.join(&file)).is_ok());
            let in_index =
                self.git.repo.index().map_or(true, |index| index.get_path(Path::new(&file), 0).is_some());
            in_tree || in_index
        };
        self.folders.borrow_mut().insert(folder.to_string(), found);
        found
    }

    /// The line ending git checks `path` out with ("auto" converts only text without CRs).
    fn line_ending(&self, path: &str, content: &[u8]) -> LineEnding {
        // libgit2 looks for every attributes file again at each question (about fifteen
        // system calls): asked only when one may exist, as most repositories have none.
        let asked = self.global || self.folder_attributes(path.rsplit_once('/').map_or("", |(dir, _)| dir));
        let attr = |name| match asked
            .then(|| self.git.repo.get_attr(Path::new(path), name, git2::AttrCheckFlags::default()))
        {
            Some(Ok(value)) => git2::AttrValue::from_string(value),
            Some(Err(_)) | None => git2::AttrValue::Unspecified,
        };
        let eol = match attr("eol") {
            git2::AttrValue::String("crlf") => Some(true),
            git2::AttrValue::String("lf") => Some(false),
            _ => None,
        };
        let has_cr = content.contains(&b'\r');
        let crlf = match attr("text") {
            git2::AttrValue::False => false,
            git2::AttrValue::True => eol.unwrap_or(self.text_crlf),
            git2::AttrValue::String("auto") => eol.unwrap_or(self.text_crlf) && !has_cr,
            _ => match eol {
                Some(eol) => eol,
                None => self.autocrlf == Some(true) && !has_cr,
            },
        };
        if crlf { LineEnding::Crlf } else { LineEnding::AsStored }
    }
}

/// How a file is written to the work tree.
enum LineEnding {
    /// As stored in git (LF).
    AsStored,
    /// Every LF as CRLF.
    Crlf,
}

/// `bytes` with every LF not already after a CR written as CRLF (what git's checkout does).
fn with_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// The entries of a commit's tree looked up by path, each folder's tree read once: libgit2
/// keeps no tree over 4 KB in its object cache, so every path looked up in a folder of 20,000
/// meetings inflated its 1 MB tree again (adding 1,000 meetings to 20,000 took seconds).
struct TreePaths<'r> {
    repo: &'r git2::Repository,
    root: Option<git2::Tree<'r>>,
    folders: RefCell<std::collections::HashMap<String, Option<git2::Tree<'r>>>>,
}

impl<'r> TreePaths<'r> {
    fn new(repo: &'r git2::Repository, root: Option<git2::Tree<'r>>) -> Self {
        Self { repo, root, folders: RefCell::default() }
    }

    /// The entry at `path` (`/`-separated, from the repository's root), if any.
    fn get(&self, path: &str) -> Option<git2::TreeEntry<'static>> {
        let root = self.root.as_ref()?;
        let Some((folder, name)) = path.rsplit_once('/') else {
            return root.get_name(path).map(|entry| entry.to_owned());
        };
        let mut folders = self.folders.borrow_mut();
        let tree = folders.entry(folder.to_string()).or_insert_with(|| {
            let entry = root.get_path(Path::new(folder)).ok()?;
            entry.to_object(self.repo).ok()?.into_tree().ok()
        });
        tree.as_ref()?.get_name(name).map(|entry| entry.to_owned())
    }
}

/// The branch HEAD names (`refs/heads/main`); an error when HEAD is detached.
fn branch(repo: &git2::Repository) -> Result<String, CorpusError> {
    let head = repo.find_reference("HEAD")?;
    match head.symbolic_target() {
        Some(target) => Ok(target.to_string()),
        None => Err(CorpusError::Detached),
    }
}

/// HEAD's commit; `None` on an unborn branch.
fn head_commit(repo: &git2::Repository) -> Result<Option<git2::Commit<'_>>, CorpusError> {
    match repo.head() {
        Ok(head) => Ok(Some(head.peel_to_commit()?)),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch || e.code() == git2::ErrorCode::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Moves `branch` from `old` to `new`, failing if something else moved it meanwhile.
fn move_branch(
    repo: &git2::Repository,
    branch: &str,
    new: Oid,
    old: Option<Oid>,
    message: &str,
) -> Result<(), CorpusError> {
    let log = format!("commit: {}", message.lines().next().unwrap_or(""));
    match old {
        Some(old) => repo.reference_matching(branch, new, true, old, &log)?,
        None => repo.reference(branch, new, false, &log)?,
    };
    Ok(())
}

/// Syncs the file of `branch` and the folders it is in up to `refs/` (a new branch's folders
/// may be new), so that the branch's last move is on disk: libgit2 syncs no ref (its
/// `GIT_OPT_ENABLE_FSYNC_GITDIR` is off, and unsafe code is forbidden here). A branch with no
/// file of its own is in `packed-refs`, which this leaves to whoever wrote it.
fn sync_ref(repo: &git2::Repository, branch: &str) -> Result<(), CorpusError> {
    let common = repo.commondir();
    let file = common.join(branch);
    match files::sync_file(&file) {
        Err(e) if e.source.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        synced => synced.map_err(io_error)?,
    }
    let mut folder = file.parent();
    while let Some(dir) = folder.filter(|dir| dir.starts_with(common) && *dir != common) {
        files::sync_folder(dir).map_err(CorpusError::io(dir))?;
        folder = dir.parent();
    }
    Ok(())
}

/// Where [`write_whole`] writes `path` before renaming it.
pub(crate) fn temporary(path: &Path) -> PathBuf {
    crate::files::temporary(path, Temporary::Fixed).expect("corpus files have names")
}

/// Writes `bytes` to `path` durably ([`files::write_durably`]): a reader never sees half a
/// file, and a finished write survives a crash.
///
/// The temporary file has a fixed name ([`temporary`], so recovery finds what a process that
/// died left) and is created new: whatever is left under its name (a file of a process that
/// died, or a link someone put there) is removed first, never written through. Only under the
/// corpus lock, so no other process is writing it.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), CorpusError> {
    files::write_durably(path, bytes, Temporary::Fixed, None).map_err(io_error)
}

/// A failed write as the corpus reports it.
fn io_error(files::WriteError { path, source }: files::WriteError) -> CorpusError {
    CorpusError::Io { path, source }
}

/// The index entry of a file a change just wrote at `file` (`path` in the repository), holding
/// blob `id`: the file's stat data as `git add` records it, so that git sees the file as
/// unchanged without reading it (libgit2's `add_path` would read and hash it once more). The
/// id is that of the bytes stored: a file checked out with CRLF has its own size on disk.
///
/// Only while the file is still the one written (`written`, its `fstat` then): anything that
/// wrote or replaced it since (an editor's autosave, a sync tool) would otherwise be
/// recorded as clean with our id, and the edit overwritten by the next change without a
/// word. Such a file gets an entry with our id and no stat data (git's "smudged" entry), which
/// git and libgit2 never take as clean without reading the file: the edit shows as one.
fn index_entry(
    file: &Path,
    path: String,
    id: Oid,
    written: files::Written,
) -> Result<git2::IndexEntry, CorpusError> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = match fs::symlink_metadata(file) {
        Ok(meta) if files::Written::of(&meta) == written => meta,
        Ok(_) => return Ok(smudged_entry(path, id)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(smudged_entry(path, id)),
        Err(e) => return Err(CorpusError::io(file)(e)),
    };
    // The index keeps 32 bits of each, as git's `fill_stat_data` cuts them.
    let time = |seconds: i64, nanoseconds: i64| git2::IndexTime::new(seconds as i32, nanoseconds as u32);
    Ok(git2::IndexEntry {
        ctime: time(meta.ctime(), meta.ctime_nsec()),
        mtime: time(meta.mtime(), meta.mtime_nsec()),
        dev: meta.dev() as u32,
        ino: meta.ino() as u32,
        // A file created new by a change is never executable.
        mode: u32::from(FileMode::Blob),
        uid: meta.uid(),
        gid: meta.gid(),
        file_size: meta.size() as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.into_bytes(),
    })
}

/// An index entry for blob `id` at `path` with no stat data: size 0 and every time 0, so that
/// git and libgit2 read the file and compare it with the blob before they call it unchanged
/// (even an empty file: its times differ).
fn smudged_entry(path: String, id: Oid) -> git2::IndexEntry {
    let zero = git2::IndexTime::new(0, 0);
    git2::IndexEntry {
        ctime: zero,
        mtime: zero,
        dev: 0,
        ino: 0,
        mode: u32::from(FileMode::Blob),
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.into_bytes(),
    }
}

/// The git blob id of `bytes`: what a journal records of a file a change writes.
fn blob_id(bytes: &[u8]) -> Oid {
    Oid::hash_object(git2::ObjectType::Blob, bytes).expect("hashing bytes in memory")
}

/// Writes a small file beside the git objects and removes it: whether there is room to write.
fn probe_space(git_dir: &Path) -> std::io::Result<()> {
    let probe = git_dir.join(format!("communique-space-{}", std::process::id()));
    let written = fs::File::create(&probe).and_then(|mut f| {
        f.write_all(&[0; 64 * 1024])?;
        f.sync_all()
    });
    let _ = fs::remove_file(&probe);
    written
}

/// Refuses a path that goes through a symbolic link in the work tree. Checked again as each
/// file is written: recovery writes what a journal names, and a journal is a file in the work
/// tree.
fn refuse_link_on_the_way(root: &Path, path: &str) -> Result<(), CorpusError> {
    let mut on_the_way = root.to_path_buf();
    for part in path.split('/') {
        on_the_way.push(part);
        if fs::symlink_metadata(&on_the_way).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(CorpusError::Link(path.to_string()));
        }
    }
    Ok(())
}

/// Writes a file of a change beside its target ([`temporary`]); `None` for a removal, which
/// writes nothing. Synced at once if `sync`, else not on disk until the caller syncs.
fn stage_file(
    root: &Path,
    path: &str,
    bytes: Option<&[u8]>,
    sync: bool,
) -> Result<Option<files::Staged>, CorpusError> {
    refuse_link_on_the_way(root, path)?;
    match bytes {
        Some(bytes) => {
            let file = root.join(path);
            make_folder(&file)?;
            files::Staged::write(&file, bytes, sync).map(Some).map_err(io_error)
        }
        None => Ok(None),
    }
}

/// Up to this many files, a change syncs each file and folder it writes (`fsync`); past it,
/// each file system it writes to, once (`syncfs`), which also waits for whatever else is
/// waiting to be written there: on a busy disk that can take seconds, too long for the
/// commonest change, one meeting.
const SYNC_EACH_FILE_UP_TO: usize = 32;

/// How a change's writes reach the disk (see "Durability" in the module doc).
#[derive(Debug)]
enum Flush {
    /// Each file synced as it is written; then, before the branch moves, these folders, and
    /// the files written by others (git's objects, the index) with their folders.
    EachFile { folders: BTreeSet<PathBuf> },
    /// One `syncfs` of each file system written to, before the renames and again before the
    /// branch moves.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    FileSystems(files::FileSystems),
}

impl Flush {
    /// The way for a change of `files` files that writes in `folders` (made yet or not):
    /// one sync of each file system for a large change, where `syncfs` is a barrier
    /// (Linux, Android) that reaches the disk (not FUSE, NFS, SMB, 9P…: whatever fails
    /// `trusted`, which is [`super::stamps::trusted_on`]); each file and folder otherwise.
    /// Opens the file systems, so it comes before anything is written.
    fn choose(
        files: usize,
        folders: BTreeSet<PathBuf>,
        trusted: impl Fn(&Path) -> bool,
    ) -> Result<Self, CorpusError> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if files > SYNC_EACH_FILE_UP_TO {
            let file_systems =
                files::FileSystems::open(folders.iter().map(PathBuf::as_path)).map_err(io_error)?;
            if file_systems.folders().all(&trusted) {
                return Ok(Self::FileSystems(file_systems));
            }
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let _ = (files, trusted);
        Ok(Self::EachFile { folders })
    }

    /// Whether each file is synced as it is written.
    fn each_file(&self) -> bool {
        matches!(self, Self::EachFile { .. })
    }

    /// After the files are staged, before any is renamed: their content on disk.
    fn staged(&self) -> Result<(), CorpusError> {
        match self {
            // Each was synced as it was written.
            Self::EachFile { .. } => Ok(()),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Self::FileSystems(file_systems) => file_systems.sync().map_err(io_error),
        }
    }

    /// Before the branch moves: all the change wrote on disk, the renames and removals, and
    /// the files that `others` lists (written by git: synced one by one only when each file
    /// is; one that is not there, such as an object already packed, is skipped).
    fn settled(&self, others: impl FnOnce() -> Vec<PathBuf>) -> Result<(), CorpusError> {
        match self {
            Self::EachFile { folders } => {
                let mut folders = folders.clone();
                for file in others() {
                    match files::sync_file(&file) {
                        Err(e) if e.source.kind() == std::io::ErrorKind::NotFound => continue,
                        synced => synced.map_err(io_error)?,
                    }
                    folders.extend(file.parent().map(Path::to_path_buf));
                }
                for folder in &folders {
                    match files::sync_folder(folder) {
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        synced => synced.map_err(CorpusError::io(folder))?,
                    }
                }
                Ok(())
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Self::FileSystems(file_systems) => file_systems.sync().map_err(io_error),
        }
    }
}

/// Every folder a change of `paths` (relative to `root`) writes in: the folder of each path
/// and those above it up to `root` (a folder made new is an entry in its parent), the git
/// directory (the index) and the object directory.
fn folders_written<'p>(
    root: &Path,
    paths: impl IntoIterator<Item = &'p str>,
    repo: &git2::Repository,
) -> BTreeSet<PathBuf> {
    let mut folders = BTreeSet::new();
    for path in paths {
        let mut folder = root.join(path);
        // Once one is there, so are those above it.
        while folder.pop() && folder.starts_with(root) && folders.insert(folder.clone()) {}
    }
    folders.insert(repo.path().to_path_buf());
    folders.insert(repo.commondir().join("objects"));
    folders
}

/// Where git keeps the objects a change wrote as loose files: its blobs, the trees of `tree`
/// on the way to each of `paths` (in the repository), `tree` and the commit. Objects already
/// in a pack have no such file.
fn objects_written(
    repo: &git2::Repository,
    tree: &git2::Tree<'_>,
    commit: Oid,
    blobs: &[Option<Oid>],
    paths: impl IntoIterator<Item = String>,
) -> Vec<PathBuf> {
    let mut ids: Vec<Oid> = blobs.iter().flatten().copied().chain([tree.id(), commit]).collect();
    for path in paths {
        for (end, _) in path.match_indices('/') {
            ids.extend(tree.get_path(Path::new(&path[..end])).ok().map(|entry| entry.id()));
        }
    }
    ids.sort();
    ids.dedup();
    let objects = repo.commondir().join("objects");
    ids.iter()
        .map(|id| {
            let hex = id.to_string();
            objects.join(&hex[..2]).join(&hex[2..])
        })
        .collect()
}

/// Puts a file [`stage_file`] wrote in place (giving what `fstat` said of it as written), or
/// removes the file of a removal.
fn put_in_place(
    root: &Path,
    path: &str,
    staged: Option<files::Staged>,
) -> Result<Option<files::Written>, CorpusError> {
    match staged {
        Some(staged) => staged.put_in_place().map(Some).map_err(io_error),
        None => remove_file(&root.join(path)).map(|()| None),
    }
}

/// Makes the folder of a file to write, if it is missing.
fn make_folder(path: &Path) -> Result<(), CorpusError> {
    let dir = path.parent().expect("corpus files live in a folder");
    if !dir.exists() {
        fs::create_dir_all(dir).map_err(CorpusError::io(dir))?;
    }
    Ok(())
}

/// Removes a file; one already gone is fine.
fn remove_file(path: &Path) -> Result<(), CorpusError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CorpusError::io(path)(e)),
    }
}

/// The author or committer: `GIT_<ROLE>_NAME`, `_EMAIL` and `_DATE` as git reads them, else
/// the repository's configuration, else a stand-in so a fresh machine can still commit.
fn signature(repo: &git2::Repository, role: &str) -> Result<Signature<'static>, git2::Error> {
    let env = |key: &str| std::env::var(format!("GIT_{role}_{key}")).ok().filter(|v| !v.is_empty());
    let configured = repo.signature().ok();
    let name = env("NAME")
        .or_else(|| configured.as_ref().and_then(|s| s.name().map(str::to_string)))
        .unwrap_or_else(|| "communique".into());
    let email = env("EMAIL")
        .or_else(|| configured.as_ref().and_then(|s| s.email().map(str::to_string)))
        .unwrap_or_else(|| "communique@localhost".into());
    match env("DATE").and_then(|d| parse_git_date(&d)) {
        Some(time) => Signature::new(&name, &email, &time),
        None => Signature::now(&name, &email),
    }
}

/// Git's internal date format, `[@]<seconds> <+hhmm>`, or RFC 3339.
fn parse_git_date(text: &str) -> Option<Time> {
    let text = text.trim().trim_start_matches('@');
    if let Some((secs, zone)) = text.split_once(' ') {
        let secs: i64 = secs.parse().ok()?;
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits = zone.trim_start_matches(['+', '-']);
        let (h, m) = (digits.get(..2)?.parse::<i32>().ok()?, digits.get(2..4)?.parse::<i32>().ok()?);
        return Some(Time::new(secs, sign * (h * 60 + m)));
    }
    let date = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    Some(Time::new(date.timestamp(), date.offset().local_minus_utc() / 60))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{
        Change, Flush, SYNC_EACH_FILE_UP_TO, folders_written, objects_written, parse_git_date, with_crlf,
    };
    use crate::corpus::Corpus;

    /// Both ways to the disk: a change of up to [`SYNC_EACH_FILE_UP_TO`] files syncs each file
    /// and folder, a larger one each file system (on Linux, where `syncfs` reaches the disk),
    /// a larger one on a file system that `syncfs` does not reach syncs each file again; and
    /// each way leaves a clean work tree and index.
    #[test]
    fn small_changes_sync_each_file_large_ones_their_file_systems() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::init(dir.path()).unwrap();
        let _lock = corpus.lock().unwrap();
        let repo = &corpus.git().unwrap().repo;
        let changes = |folder: &str, n: usize| -> Vec<Change> {
            (0..n).map(|i| Change::write(format!("{folder}/{i}.md"), format!("meeting {i}\n"))).collect()
        };
        let choose = |changes: &[Change], trusted: fn(&Path) -> bool| {
            let folders = folders_written(&corpus.root, changes.iter().map(|c| c.path.as_str()), repo);
            assert!(folders.contains(&corpus.root) && folders.contains(&corpus.root.join("s")));
            Flush::choose(changes.len(), folders, trusted).unwrap()
        };
        let few = changes("s", SYNC_EACH_FILE_UP_TO);
        assert!(choose(&few, |_| true).each_file());
        let syncfs = cfg!(any(target_os = "linux", target_os = "android"));
        let many = changes("s", SYNC_EACH_FILE_UP_TO + 1);
        assert_eq!(choose(&many, |_| true).each_file(), !syncfs);
        assert!(choose(&many, |_| false).each_file(), "FUSE, NFS…: each file");
        for (changes, message) in [(&few, "few"), (&many, "many")] {
            corpus.commit(changes, message).unwrap();
            let mut options = git2::StatusOptions::new();
            options.include_untracked(true);
            assert!(repo.statuses(Some(&mut options)).unwrap().is_empty(), "{message}");
        }
        // Every object of a small change is a loose file, which the per-file way syncs.
        let one = [Change::write("t/u/one.md", "one\n")];
        let commit = corpus.commit(&one, "one").unwrap();
        let tree = repo.find_commit(commit).unwrap().tree().unwrap();
        let blob = tree.get_path(Path::new("t/u/one.md")).unwrap().id();
        let objects = objects_written(repo, &tree, commit, &[Some(blob), None], ["t/u/one.md".to_string()]);
        assert_eq!(objects.len(), 5, "the blob, the trees of t/u, t and the root, the commit");
        assert!(objects.iter().all(|object| object.is_file()), "{objects:?}");
    }

    /// A branch's file is synced whether the branch is new (in a new folder) or moved; one
    /// kept only in `packed-refs` has no file to sync, and is no error.
    #[test]
    fn a_branch_is_synced_loose_or_packed() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let tree = repo.find_tree(repo.treebuilder(None).unwrap().write().unwrap()).unwrap();
        let me = git2::Signature::now("t", "t@t").unwrap();
        let commit = repo.commit(None, &me, &me, "first", &tree, &[]).unwrap();
        super::move_branch(&repo, "refs/heads/new/branch", commit, None, "first").unwrap();
        super::sync_ref(&repo, "refs/heads/new/branch").unwrap();
        let packed = std::process::Command::new("git")
            .args(["pack-refs", "--all", "--prune"])
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(packed.success());
        assert!(!dir.path().join(".git/refs/heads/new/branch").exists());
        super::sync_ref(&repo, "refs/heads/new/branch").unwrap();
        assert!(super::sync_ref(&repo, "refs/heads/missing/folder").is_ok());
    }

    #[test]
    fn crlf_as_git_checks_out() {
        assert_eq!(with_crlf(b"a\nb\r\n\nc"), b"a\r\nb\r\n\r\nc");
        assert_eq!(with_crlf(b"\n"), b"\r\n");
        assert_eq!(with_crlf(b""), b"");
    }

    #[test]
    fn reads_git_dates() {
        let t = parse_git_date("@1700000000 +0130").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_700_000_000, 90));
        let t = parse_git_date("2026-11-29T18:00:00-05:00").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_795_993_200, -300));
        assert!(parse_git_date("yesterday").is_none());
    }
}
