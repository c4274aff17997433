//! Arbitrary bytes as a stored record log of the test edition: parsing and replaying never
//! panics, and whatever parses writes back to an equal record.
#![no_main]

use cchc_core::{Edition, RoundRecord};
use cchc_tests::{load_files, read_toml_dir, tests_dir};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn mini() -> &'static Edition {
    static MINI: OnceLock<Edition> = OnceLock::new();
    MINI.get_or_init(|| {
        load_files(&read_toml_dir(&tests_dir().join("editions/mini"))).expect("test edition")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let edition = mini();
    if let Ok(record) = RoundRecord::from_json(edition, text) {
        let again = RoundRecord::from_json(edition, &record.to_json());
        assert_eq!(again.as_ref(), Ok(&record));
    }
});
