//! Arbitrary bytes as a program of commands on the test edition: no panic, a refused command
//! changes nothing, and the log replays to the same record.
#![no_main]

use cchc_core::{Edition, RoundRecord, parse_instant};
use cchc_tests::{load_files, ops::decode, read_toml_dir, tests_dir};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn mini() -> &'static Edition {
    static MINI: OnceLock<Edition> = OnceLock::new();
    MINI.get_or_init(|| {
        load_files(&read_toml_dir(&tests_dir().join("editions/mini"))).expect("test edition")
    })
}

fuzz_target!(|data: &[u8]| {
    let e = mini();
    let Ok(start) = parse_instant("2018-12-16T00:00:00+07:00") else {
        return;
    };
    let (mut at, ops) = decode(data, start);
    let mut record = RoundRecord::new(e);
    for op in ops {
        at += chrono::Duration::minutes(op.minutes);
        let before = record.clone();
        if record.execute(&op.actor, at, op.command).is_err() {
            assert_eq!(record, before);
        }
    }
    let replayed = RoundRecord::replay(e, record.events().to_vec());
    assert_eq!(replayed.as_ref(), Ok(&record));
});
