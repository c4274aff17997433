//! Arbitrary bytes as an appendix file of the test edition: loading never panics.
#![no_main]

use cchc_core::Edition;
use libfuzzer_sys::fuzz_target;

const EDITION: &str = include_str!("../../tests/editions/mini/edition.toml");
const UNITS: &str = include_str!("../../tests/editions/mini/units.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = [
        ("edition.toml", EDITION),
        ("units.toml", UNITS),
        ("appendix-1.toml", text),
    ];
    if let Ok(edition) = Edition::from_toml_files(&files) {
        assert_eq!(
            Edition::from_json(&edition.to_json()).as_ref(),
            Ok(&edition)
        );
    }
});
