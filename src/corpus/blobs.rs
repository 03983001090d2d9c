//! The blobs of a change, written to git once each: as loose objects when they are few, as one
//! pack when they are many.
//!
//! A loose object is a file of its own, and libgit2 writes each through a temporary file, a
//! link and a look for it among the packs first (a listing of the pack folder per object): at
//! tens of thousands of meetings that is most of an `add`. One pack is one file however many
//! objects it holds. Below [`PACK_AT_LEAST`] new blobs a pack is not worth its own file (many
//! small packs slow every lookup until `git gc` merges them), as `git fetch` reasons with its
//! `fetch.unpackLimit`.
//!
//! The pack is plain: every blob whole (no deltas; `git gc` finds them later), deflated at
//! zlib's fastest level as git deflates loose objects. libgit2's indexer reads it as
//! `git index-pack` would (each object inflated and hashed, the checksum checked; no
//! connectivity check, which blobs have no use for) and writes it
//! with its index into a folder of ours, `objects/communique-incoming/`; both are synced and
//! moved into `objects/pack/`, the pack first (git reads a pack through its index, as
//! `git index-pack` orders them). Nothing refers to the pack until the change's commit does.
//! A process that dies while writing leaves its temporary files in our folder, which the next
//! change removes ([`remove_leftovers`]); written in `objects/pack/`, libgit2's
//! `pack_git2_*` files stayed there for good (neither `git gc` nor `git prune` removes them).

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use super::CorpusError;

/// The fewest new blobs written as a pack (git's default `fetch.unpackLimit`).
pub(super) const PACK_AT_LEAST: usize = 100;

/// Writes each content that git does not hold yet (`None`: a removal, nothing to write), and
/// gives every content's blob id, in order.
pub(super) fn write(repo: &Repository, contents: &[Option<&[u8]>]) -> Result<Vec<Option<Oid>>, CorpusError> {
    if contents.iter().flatten().count() < PACK_AT_LEAST {
        return Ok(contents
            .iter()
            .map(|c| c.map(|bytes| repo.blob(bytes)).transpose())
            .collect::<Result<_, _>>()?);
    }
    // On every core: git's collision-detecting SHA-1 is most of the work of a large change.
    let ids: Vec<Option<Oid>> = {
        use rayon::prelude::*;
        contents
            .par_iter()
            .map(|c| c.map(|bytes| Oid::hash_object(ObjectType::Blob, bytes)).transpose())
            .collect::<Result<_, _>>()?
    };
    let odb = repo.odb()?;
    // Once for all: the packs as they are now (another process may have written some since
    // the repository was opened), then each blob looked up without listing them again.
    odb.refresh()?;
    let mut seen = HashSet::new();
    let new: Vec<&[u8]> = contents
        .iter()
        .zip(&ids)
        .filter_map(|(content, id)| Some((content.as_ref()?, id.as_ref()?)))
        .filter(|(_, id)| seen.insert(**id) && !odb.exists_ext(**id, git2::OdbLookupFlags::NO_REFRESH))
        .map(|(content, _)| *content)
        .collect();
    if new.len() < PACK_AT_LEAST {
        for content in new {
            odb.write(ObjectType::Blob, content)?;
        }
    } else {
        write_pack(&odb, &repo.commondir().join("objects"), &new).map_err(|e| {
            // libgit2 says little more than "Write error"; the caller asks the disk whether
            // it is full.
            CorpusError::Git(git2::Error::from_str(&format!("cannot write the pack of new meetings: {e}")))
        })?;
    }
    Ok(ids)
}

/// How many blobs are deflated at once, on every core, before they are written.
const DEFLATE_CHUNK: usize = 1024;

/// Our folder in `objects/` where a pack is written before it is moved into `objects/pack/`.
const INCOMING: &str = "communique-incoming";

/// Removes what a process that died while writing a pack left: our folder in `objects/`
/// ([`INCOMING`]) and everything in it. Only under the corpus lock, which every writer there
/// holds.
pub(super) fn remove_leftovers(repo: &Repository) -> io::Result<()> {
    let incoming = incoming(&repo.commondir().join("objects"));
    match fs::remove_dir_all(&incoming) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        removed => removed,
    }
}

/// Our folder for packs being written, in `objects` (the same file system as its `pack/`, so
/// that a pack is moved there by a rename).
fn incoming(objects: &Path) -> PathBuf {
    objects.join(INCOMING)
}

/// Writes `blobs` as one pack, through libgit2's indexer, into our folder; then syncs it and
/// moves it into `objects/pack/`. Our folder is removed whatever happens.
fn write_pack(odb: &git2::Odb<'_>, objects: &Path, blobs: &[&[u8]]) -> io::Result<()> {
    let incoming = incoming(objects);
    match fs::remove_dir_all(&incoming) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::create_dir(&incoming)?;
    let written = write_pack_in(odb, &incoming, &objects.join("pack"), blobs);
    let _ = fs::remove_dir_all(&incoming);
    written
}

/// [`write_pack`]'s work, in `incoming`, then moved to `packs`.
fn write_pack_in(odb: &git2::Odb<'_>, incoming: &Path, packs: &Path, blobs: &[&[u8]]) -> io::Result<()> {
    // Without libgit2's connectivity check: it copies and parses every object and looks it up
    // in the repository, to find what a fetched pack's trees and commits lack; blobs refer to
    // nothing (5 % of `add` at 24,000 meetings). Each object is still inflated and hashed,
    // and the pack's checksum checked.
    let mut indexer = git2::Indexer::new(Some(odb), incoming, 0, false).map_err(io::Error::other)?;
    let mut pack = io::BufWriter::with_capacity(1 << 20, Checksummed::new(&mut indexer));
    let count = u32::try_from(blobs.len()).map_err(|_| io::Error::other("too many objects for one pack"))?;
    pack.write_all(b"PACK")?;
    pack.write_all(&2u32.to_be_bytes())?;
    pack.write_all(&count.to_be_bytes())?;
    // Deflated on every core, a chunk at a time (bounded memory), written in order.
    for chunk in blobs.chunks(DEFLATE_CHUNK) {
        use rayon::prelude::*;
        let deflated: Vec<io::Result<Vec<u8>>> = chunk
            .par_iter()
            .map(|blob| {
                let mut deflate =
                    flate2::write::ZlibEncoder::new(object_header(blob.len()), flate2::Compression::fast());
                deflate.write_all(blob)?;
                deflate.finish()
            })
            .collect();
        for object in deflated {
            pack.write_all(&object?)?;
        }
    }
    let checksum = pack.into_inner().map_err(io::IntoInnerError::into_error)?.finish();
    indexer.write_all(checksum.as_ref())?;
    let name = indexer.commit().map_err(io::Error::other)?;
    // On disk before git can see them (libgit2 syncs neither), whichever way the change
    // syncs; the pack before its index, which is what makes git read it.
    fs::create_dir_all(packs)?;
    for extension in ["pack", "idx"] {
        let file = format!("pack-{name}.{extension}");
        crate::files::sync_file(&incoming.join(&file)).map_err(|e| e.source)?;
        fs::rename(incoming.join(&file), packs.join(&file))?;
    }
    crate::files::sync_folder(packs)
}

/// A pack object's header for a blob of `size` bytes: the type (3, blob) and the size, 4 bits
/// in the first byte and 7 in each next, the top bit saying another byte follows.
fn object_header(size: usize) -> Vec<u8> {
    let mut header = Vec::with_capacity(10);
    let mut byte = (3 << 4) | (size & 0x0f) as u8;
    let mut rest = size >> 4;
    while rest > 0 {
        header.push(byte | 0x80);
        byte = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    header.push(byte);
    header
}

/// A writer that passes bytes on and keeps the SHA-1 of all of them: a pack ends with the
/// SHA-1 of everything before it.
struct Checksummed<W> {
    inner: W,
    sha1: ring::digest::Context,
}

impl<W: Write> Checksummed<W> {
    fn new(inner: W) -> Self {
        Self { inner, sha1: ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY) }
    }

    fn finish(self) -> ring::digest::Digest {
        self.sha1.finish()
    }
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.sha1.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::{PACK_AT_LEAST, object_header, write};

    #[test]
    fn object_headers_hold_type_and_size() {
        assert_eq!(object_header(0), [0x30]);
        assert_eq!(object_header(15), [0x3f]);
        assert_eq!(object_header(16), [0xb0, 0x01]);
        assert_eq!(object_header(682), [0xba, 0x2a]);
        assert_eq!(object_header(1 << 20), [0xb0, 0x80, 0x80, 0x04]);
    }

    /// A change of many blobs is one pack that git reads back whole, a change of a few is
    /// loose objects, and blobs git already holds or that come twice are written once.
    #[test]
    fn many_blobs_make_one_pack_that_git_reads() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let known = repo.blob(b"already there\n").unwrap();
        let mut contents: Vec<Vec<u8>> =
            (0..PACK_AT_LEAST + 5).map(|i| format!("meeting {i}\n").repeat(i).into_bytes()).collect();
        contents.push(b"already there\n".to_vec());
        contents.push(contents[7].clone());
        let given: Vec<Option<&[u8]>> = contents.iter().map(|c| Some(c.as_slice())).chain([None]).collect();
        let ids = write(&repo, &given).unwrap();
        assert_eq!(ids.len(), given.len());
        assert_eq!(ids.last(), Some(&None));
        assert_eq!(ids[ids.len() - 3], Some(known));
        let packs: Vec<_> = std::fs::read_dir(dir.path().join(".git/objects/pack"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".pack"))
            .collect();
        assert_eq!(packs.len(), 1, "{packs:?}");
        assert!(!dir.path().join(".git/objects").join(super::INCOMING).exists(), "our folder is removed");
        for (content, id) in contents.iter().zip(&ids) {
            assert_eq!(repo.find_blob(id.unwrap()).unwrap().content(), content.as_slice());
        }
        // The pack holds each new blob once, and nothing else.
        let out = std::process::Command::new("git")
            .args(["verify-pack", "-v"])
            .arg(dir.path().join(".git/objects/pack").join(&packs[0]).with_extension("idx"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let listed = String::from_utf8(out.stdout).unwrap();
        assert!(listed.contains(&format!("non delta: {} objects", PACK_AT_LEAST + 5)), "{listed}");

        // A few: loose objects, no second pack.
        let few: Vec<Option<&[u8]>> = vec![Some(b"one\n"), Some(b"two\n")];
        let ids = write(&repo, &few).unwrap();
        let loose = |id: git2::Oid| {
            let hex = id.to_string();
            dir.path().join(".git/objects").join(&hex[..2]).join(&hex[2..])
        };
        assert!(loose(ids[0].unwrap()).is_file());
        assert_eq!(repo.find_blob(ids[1].unwrap()).unwrap().content(), b"two\n");
    }

    /// Sizes on every header boundary, incompressible data, a second write of the
    /// same blobs; git must read every object back and fsck the pack.
    #[test]
    fn pack_boundaries_and_idempotence() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut sizes = vec![
            0usize,
            1,
            15,
            16,
            17,
            127,
            128,
            2047,
            2048,
            2049,
            262_143,
            262_144,
            262_145,
            (1 << 25) - 1,
            1 << 25,
            3 << 20,
        ];
        while sizes.len() < PACK_AT_LEAST + 20 {
            sizes.push((rnd() % 70_000) as usize);
        }
        let contents: Vec<Vec<u8>> = sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let mut v: Vec<u8> = (0..n).map(|_| rnd() as u8).collect();
                if let Some(b) = v.first_mut() {
                    *b = i as u8;
                } // distinct even at equal sizes
                if n == 0 && i > 0 {
                    v = vec![i as u8; 3 + i];
                }
                v
            })
            .collect();
        let given: Vec<Option<&[u8]>> = contents.iter().map(|c| Some(c.as_slice())).collect();
        let ids = write(&repo, &given).unwrap();
        for (c, id) in contents.iter().zip(&ids) {
            assert_eq!(repo.find_blob(id.unwrap()).unwrap().content(), c.as_slice());
        }
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git").current_dir(dir.path()).args(args).output().unwrap();
            assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap() + &String::from_utf8_lossy(&out.stderr)
        };
        eprintln!("fsck: {}", git(&["fsck", "--full", "--strict", "--unreachable"]).lines().count());
        eprintln!("{}", git(&["count-objects", "-v"]));
        // Again: nothing new, no second pack.
        let again = write(&repo, &given).unwrap();
        assert_eq!(again, ids);
        let counts = git(&["count-objects", "-v"]);
        assert!(counts.contains("\npacks: 1\n") && counts.contains("garbage: 0"), "{counts}");
    }
}
