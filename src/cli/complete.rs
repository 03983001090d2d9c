//! Dynamic completion of meeting references (`source <(COMPLETE=bash communique)`): the ids of
//! the corpus found from the current folder (or `COMMUNIQUE_CORPUS`), and `series:latest`,
//! `series:first`; files too where a file would do.

use std::ffi::OsStr;
use std::path::Path;

use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};

use communique::ops::Workspace;

/// Meeting references starting with `current`.
pub(crate) fn meetings(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else { return Vec::new() };
    let dir = std::env::var_os("COMMUNIQUE_CORPUS");
    let Ok(workspace) = Workspace::open(dir.as_deref().map(Path::new)) else { return Vec::new() };
    let Ok(listing) = workspace.corpus().listing() else { return Vec::new() };
    let mut out = Vec::new();
    for series in listing.series_names() {
        for end in ["latest", "first"] {
            out.push(CompletionCandidate::new(format!("{series}:{end}")));
        }
    }
    for series in listing.series_names() {
        for id in listing.series(series) {
            out.push(CompletionCandidate::new(id.to_string()).help(Some(id.date.to_string().into())));
        }
    }
    out.retain(|c| c.get_value().to_str().is_some_and(|v| v.starts_with(current)));
    out
}

/// Meeting references, or files (for `diff`, which compares either).
pub(crate) fn meetings_or_files(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut out = meetings(current);
    out.extend(PathCompleter::any().complete(current));
    out
}
