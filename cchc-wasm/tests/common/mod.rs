//! Checks shared by the Node and browser wasm-bindgen-test suites: the exported API called from
//! Rust, values read back through JS.
#![allow(dead_code)]

use cchc_wasm::{Assessment, RoundRecord, default_edition};
use js_sys::{JSON, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

pub fn edition_units_and_criteria() {
    let ed = default_edition();
    assert_eq!(ed.id(), "soc-trang-2018");
    let units: js_sys::Array = ed.units().unwrap().unchecked_into();
    assert_eq!(units.length(), 47);
    let set = ed.criteria("IV").unwrap();
    assert_eq!(text(&set, "max"), "100");
    let err = ed.criteria("V").unwrap_err();
    assert_eq!(text(&err, "code"), "unknown-name");
    assert_eq!(text(&err, "limit"), "I, II, III, IV");
}

pub fn answers_to_points_and_scorecard() {
    let ed = default_edition();
    let mut a = Assessment::new(&ed, "cuc-thue").unwrap();
    let answer = json(r#"{"kind":"rate","numerator":"7","denominator":"9"}"#);
    let worth = a.answer("7.2.2", answer).unwrap();
    assert_eq!(text(&worth, "points"), "2.33");
    let card = a.scorecard().unwrap();
    assert_eq!(text(&card, "total"), "2.33");
    assert_eq!(text(&card, "index"), "2.33");
}

pub fn refusals_are_real_errors_with_codes() {
    let ed = default_edition();
    let mut a = Assessment::new(&ed, "cuc-thue").unwrap();
    let err = a
        .answer(
            "7.2.2",
            json(r#"{"kind":"rate","numerator":"10","denominator":"9"}"#),
        )
        .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&err, "name"), "AnswerError");
    assert_eq!(text(&err, "code"), "numerator-above-denominator");
    assert_eq!(text(&err, "category"), "answer");
    assert_eq!(text(&err, "criterion"), "7.2.2");
    assert_eq!(text(&err, "limit"), "9");
    assert!(!text(&err, "message").is_empty());
    assert!(a.is_empty());
    let err = Assessment::new(&ed, "nobody")
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(text(&err, "code"), "unknown-unit");
    let err = cchc_wasm::parse_instant("2019-01-02T23:59:59").unwrap_err();
    assert_eq!(text(&err, "code"), "invalid-instant");
    assert_eq!(text(&err, "name"), "InputError");
    let err = a.appraise("1.1.1", JsValue::from_f64(0.5)).unwrap_err();
    assert_eq!(text(&err, "code"), "not-a-decimal");
}

pub fn record_locks_itself() {
    let ed = default_edition();
    let mut record = RoundRecord::new(&ed);
    let editor = || json(r#"{"id":"lan","role":"unit-editor","unit":"so-noi-vu"}"#);
    let command = || {
        json(
            r#"{"type":"answer","unit":"so-noi-vu","code":"1.1.1","answer":{"kind":"yes-no","yes":true}}"#,
        )
    };
    let event = record
        .execute(editor(), "2019-01-02T23:59:59+07:00", command())
        .unwrap();
    assert_eq!(get(&event, "seq").as_f64(), Some(1.0));
    let err = record
        .execute(editor(), "2019-01-03T00:00:00+07:00", command())
        .unwrap_err();
    assert_eq!(text(&err, "code"), "window-closed");
    assert_eq!(text(&err, "name"), "RecordError");
    assert_eq!(text(&err, "limit"), "2019-01-03T00:00:00+07:00");
    let phase = record.phase("2019-01-03T00:00:00+07:00").unwrap();
    assert_eq!(phase.as_string().as_deref(), Some("appraisal"));
}
