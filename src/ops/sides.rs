//! The two sides of `diff`: each a meeting of the corpus or a file imported in memory.

use std::path::Path;

use super::{Error, Workspace};
use crate::align::Side;
use crate::corpus::{Located, Version};
use crate::document::Document;
use crate::document::import::{self, ImportOptions, Note};
use crate::files;

/// One side of a comparison as the user named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// A reference or a file.
    pub arg: String,
    /// Whether it can only be a file (given after `--`).
    pub file: bool,
}

/// One side read.
#[derive(Clone, Debug)]
pub struct Opened {
    /// Its text.
    pub document: Document,
    /// How the diff names it.
    pub side: Side,
    /// Whether it is a meeting of the corpus (else a file).
    pub from_corpus: bool,
    /// What the import of a file did (the file's name, and the note).
    pub notes: Vec<(String, Note)>,
}

/// Whether an argument can only be a path: `./x`, `../x`, `/x` (and `.\\x`, `C:\\x` where
/// those are paths), never a reference.
fn is_path(arg: &str) -> bool {
    let path = Path::new(arg);
    path.is_absolute()
        || arg.starts_with("./")
        || arg.starts_with("../")
        || arg == "."
        || arg == ".."
        || (cfg!(windows) && (arg.starts_with(".\\") || arg.starts_with("..\\")))
}

impl Input {
    /// Reads this side: a file imported in memory, or a meeting of the corpus `open` gives
    /// (opened only when needed). An argument that is an existing file and also names a
    /// meeting is refused (git's "ambiguous argument"), unless it is that meeting's own file;
    /// a file given after `--`, or a path that says it is one (`./latest`), is a file.
    pub fn open<'w>(
        &self,
        open: &dyn Fn() -> Result<&'w Workspace, Error>,
        raw: bool,
        limit: u64,
    ) -> Result<Opened, Error> {
        let arg = self.arg.as_str();
        let path = Path::new(arg);
        let explicit = self.file || is_path(arg);
        // Anything but a folder is taken for a file; the reader refuses what is not a regular
        // file (a FIFO, a device) and what is over `limit`, saying so.
        let is_file = path.exists() && !path.is_dir();
        if is_file {
            // A corpus that cannot be opened names no meeting: then a file is only a file.
            let meeting = if explicit {
                None
            } else {
                open().ok().and_then(|w| Some((w, w.corpus().locate(arg).ok()?)))
            };
            match meeting {
                Some((ws, located)) if !is_meeting_file(ws, &located, path) => {
                    return Err(Error::Ambiguous { arg: arg.to_string(), id: located.id.to_string() });
                }
                Some(_) => {}
                None => return file(arg, raw, limit),
            }
        } else if explicit {
            return Err(Error::NoSuchFile(arg.to_string()));
        }
        let looks_like_file = [".txt", ".md", ".markdown", ".html", ".htm"]
            .iter()
            .any(|e| arg.to_ascii_lowercase().ends_with(e));
        if looks_like_file && !is_file {
            return Err(Error::NoSuchFile(arg.to_string()));
        }
        let corpus = open()?.corpus();
        let located = corpus.locate(arg)?;
        let document = corpus.load(&located)?;
        let mut side = Side::of(located.id.to_string(), &document);
        if let crate::corpus::Version::Revision(commit) = located.version {
            side.revision = Some(commit.to_string());
        }
        Ok(Opened { document, side, from_corpus: true, notes: Vec::new() })
    }
}

/// Whether `path` is the work-tree file of the meeting `located` (naming a meeting's file
/// from inside the corpus names the meeting: nothing ambiguous).
fn is_meeting_file(ws: &Workspace, located: &Located, path: &Path) -> bool {
    located.version == Version::WorkTree
        && match (path.canonicalize(), ws.corpus().root().join(located.id.path()).canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// A file imported in memory as one side of a comparison.
fn file(arg: &str, raw: bool, limit: u64) -> Result<Opened, Error> {
    let bytes = read(Path::new(arg), limit)?;
    let loaded = import::load(arg, bytes, ImportOptions { raw })
        .map_err(|error| Error::Import { file: arg.to_string(), error })?;
    let meta = &loaded.document.meta;
    let side = Side {
        id: arg.to_string(),
        date: loaded.date,
        title: meta.title.clone(),
        place: meta.place.clone(),
        revision: None,
    };
    let notes = loaded.notes.into_iter().map(|n| (arg.to_string(), n)).collect();
    Ok(Opened { document: loaded.document, side, from_corpus: false, notes })
}

/// A file to import, read within `limit` bytes.
pub(super) fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    files::read_input(path, limit).map_err(|error| match error {
        files::InputError::Io(error) => Error::Read { path: path.to_path_buf(), error },
        error => Error::Input { path: path.to_path_buf(), error },
    })
}
