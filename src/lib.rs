//! communique — follow how official language changes from one meeting to the next.
//!
//! The crate is a library; the `communique` binary (its command line, `src/cli/`) sits on top
//! of [`ops`], the application layer, which answers every question with one function. Layers,
//! each importing only those before it (docs/DESIGN.md, "Layers"; `src/layers.rs` checks it):
//!
//! - [`text`]: hashing and similarity helpers shared by the analysis;
//! - [`document`]: the text model, word tokens, the storage format and the importers;
//! - [`align`] (the diff engine), [`lineage`] (blame, grep, annotate), [`signals`] (changed
//!   figures, watched phrases) and [`themes`]: pure analysis over documents;
//! - [`files`] and [`corpus`]: the file system and the git-backed store;
//! - [`ops`]: one function per question, gathering from the corpus and running the analysis;
//! - [`render`]: one module per answer and output format; formats only.

pub mod align;
pub mod corpus;
pub mod document;
pub mod fetch;
pub mod files;
pub mod lineage;
pub mod ops;
pub mod render;
pub mod signals;
pub mod text;
pub mod themes;

#[cfg(test)]
mod layers;
