//! communique — follow how official language changes from one meeting to the next.
//!
//! The crate is a library with a thin binary on top. Data flows one way:
//! [`document`] (text model and importers) ▸ [`corpus`] (the git-backed store) ▸
//! [`render`] (one module per output format), wired together by [`cli`].
//!
//! Pure computation (`document`) never touches the file system or git; only `corpus` does.

pub mod align;
pub mod corpus;
pub mod document;
pub mod files;
pub mod lineage;
pub mod ops;
pub mod render;
pub mod text;
pub mod themes;
