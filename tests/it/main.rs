//! The integration tests: one binary (ripgrep's `tests/tests.rs`, jj's `tests/runner.rs`), so
//! the crate is linked once, with a module per area. Most run the real binary on a temporary
//! corpus (`common::TestEnv`); the property and golden tests call the library.
//!
//! `cargo test --test it MODULE::` runs one area, e.g. `cargo test --test it golden::`.
//! Snapshots live in `snapshots/`, named `it__MODULE__NAME.snap`. A test that needs a tool
//! beyond Rust and git (Chromium, user namespaces) skips with a `SKIPPED:` line on stderr unless
//! `.ci/run` requires it (`common::optional`).

mod common;

mod align_properties;
mod alignment;
mod bad_input;
mod changes;
mod cli;
mod completion;
mod corpus;
mod diff;
mod errors;
mod escaping;
mod examples;
mod figures;
mod golden;
mod import_docx;
mod import_hostile;
mod import_pages;
mod import_pdf;
mod import_url;
mod index;
mod integrity;
mod lineage;
mod properties;
mod provenance;
mod real_gold;
mod report;
mod robustness;
mod scale;
mod segmentation;
mod signals;
mod site;
mod store;
mod themes;
mod watch;
mod words;
