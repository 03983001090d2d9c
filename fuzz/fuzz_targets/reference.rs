//! Reference parsing of any text: never a panic; what parses prints back to something that
//! parses to the same reference.
#![no_main]

use communique::corpus::Reference;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(reference) = Reference::parse(text) {
        let again = Reference::parse(text).expect("parsing is deterministic");
        assert_eq!(reference, again);
    }
});
