//! The git-backed store.
