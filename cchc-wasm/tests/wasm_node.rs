//! wasm-bindgen-test suite of the binding, run in Node by `wasm-bindgen-test-runner`:
//! `cargo test -p cchc-wasm --target wasm32-unknown-unknown` (see `.ci/run`).
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn edition_units_and_criteria() {
    common::edition_units_and_criteria();
}

#[wasm_bindgen_test]
fn answers_to_points_and_scorecard() {
    common::answers_to_points_and_scorecard();
}

#[wasm_bindgen_test]
fn refusals_are_real_errors_with_codes() {
    common::refusals_are_real_errors_with_codes();
}

#[wasm_bindgen_test]
fn record_locks_itself() {
    common::record_locks_itself();
}
