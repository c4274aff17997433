//! The same wasm-bindgen-test suite in headless Chromium (`CHROMEDRIVER=/usr/bin/chromedriver`;
//! flags in `webdriver.json`).
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

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
