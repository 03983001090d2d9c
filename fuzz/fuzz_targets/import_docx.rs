//! Any bytes imported as a Word file: see `invariants::check`.
#![no_main]

#[path = "invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| invariants::check(data, "meeting.docx"));
