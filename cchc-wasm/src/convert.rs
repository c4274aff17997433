//! Conversions between JS values and the core's types, and the errors the package throws.
//!
//! Data crosses as the core's own JSON interchange shapes (decimals as strings, instants with
//! their offsets): a value goes out as `JSON.parse(core JSON)` and comes in as
//! `serde(JSON.stringify(value))`, so JS sees exactly what the JSON Schemas describe.

use cchc_core::{AnswerError, EditionError, RecordError};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export class CchcError extends Error {
  constructor(message, code, details) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    Object.assign(this, details);
  }
}
export class AnswerError extends CchcError {}
export class RecordError extends CchcError {}
export class EditionError extends CchcError {}
export class InstantError extends CchcError {}
export class InputError extends CchcError {}
const classes = { CchcError, AnswerError, RecordError, EditionError, InstantError, InputError };
export function makeError(kind, message, code, details) {
  return new classes[kind](message, code, details);
}
export function errorClasses() { return classes; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(kind: &str, message: &str, code: &str, details: &Object) -> JsValue;
    #[wasm_bindgen(js_name = errorClasses)]
    pub(crate) fn error_classes() -> Object;
}

/// Sets `key` on a plain object we just created (cannot fail on such an object).
pub(crate) fn put(obj: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

pub(crate) fn put_opt(obj: &Object, key: &str, value: Option<&str>) {
    put(obj, key, value.map_or(JsValue::NULL, JsValue::from_str));
}

/// A core value as a plain JS value, through its JSON form.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(text) => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    }
}

/// A JS value read as a core type through its JSON form; `what` names it in the error.
pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| input_error(what, None, &format!("{what} is not JSON data")))?;
    serde_json::from_str(&text)
        .map_err(|e| input_error(what, None, &format!("not a valid {what}: {e}")))
}

/// A string argument parsed as a decimal, exactly (`"1.25"`; never a JS number).
pub(crate) fn decimal(text: &str, what: &str) -> Result<cchc_core::Decimal, JsValue> {
    cchc_core::Decimal::from_str_exact(text.trim()).map_err(|e| {
        input_error(
            what,
            None,
            &format!("{what} {text:?} is not a decimal such as \"1.25\": {e}"),
        )
    })
}

/// An `InputError` (code "invalid-input-shape"): a value of the wrong shape or type.
pub(crate) fn input_error(what: &str, criterion: Option<&str>, message: &str) -> JsValue {
    let details = Object::new();
    put(&details, "what", what.into());
    put_opt(&details, "criterion", criterion);
    put(&details, "detail", message.into());
    make_error("InputError", message, "invalid-input-shape", &details)
}

/// An `InstantError` (code "invalid-instant"): a text that is not an instant with an offset.
pub(crate) fn instant_error(value: &str, message: &str) -> JsValue {
    let details = Object::new();
    put(&details, "value", value.into());
    put(&details, "detail", message.into());
    make_error("InstantError", message, "invalid-instant", &details)
}

fn answer_details(err: &AnswerError) -> Object {
    let details = Object::new();
    put(&details, "kind", err.kind().code().into());
    put_opt(&details, "unit", err.unit());
    put_opt(&details, "criterion", err.criterion());
    put_opt(&details, "method", err.method());
    put_opt(&details, "limit", err.limit());
    put(&details, "detail", err.detail().into());
    details
}

/// An `AnswerError` with the core's code, unit, criterion, method, limit and detail.
pub(crate) fn answer_error(err: &AnswerError) -> JsValue {
    make_error(
        "AnswerError",
        &err.to_string(),
        err.code(),
        &answer_details(err),
    )
}

/// A `RecordError`: code (the answer's code for a refused input), kind, unit, criterion, limit,
/// items, detail, and the refused answer's details as `answer`.
pub(crate) fn record_error(err: &RecordError) -> JsValue {
    let details = Object::new();
    put(&details, "kind", err.kind().code().into());
    put_opt(&details, "unit", err.unit());
    put_opt(&details, "criterion", err.criterion());
    put_opt(&details, "limit", err.limit());
    let items: Array = err.items().iter().map(|i| JsValue::from_str(i)).collect();
    put(&details, "items", items.into());
    put(&details, "detail", err.detail().into());
    put(
        &details,
        "answer",
        err.answer_error()
            .map_or(JsValue::NULL, |a| answer_details(a).into()),
    );
    make_error("RecordError", &err.to_string(), err.code(), &details)
}

/// An `EditionError` (code "invalid-edition") with every problem.
pub(crate) fn edition_error(err: &EditionError) -> JsValue {
    let problems = Array::new();
    for p in err.problems() {
        let obj = Object::new();
        put(&obj, "kind", p.kind.code().into());
        put(&obj, "file", p.location.file.as_str().into());
        put(
            &obj,
            "line",
            p.location.line.map_or(JsValue::NULL, JsValue::from),
        );
        put_opt(&obj, "subject", p.subject.as_deref());
        put(&obj, "message", p.message.as_str().into());
        problems.push(&obj);
    }
    let details = Object::new();
    put(&details, "problems", problems.into());
    make_error("EditionError", &err.to_string(), err.code(), &details)
}

/// Parses an ISO 8601 / RFC 3339 instant that carries its offset.
pub(crate) fn instant(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, JsValue> {
    cchc_core::parse_instant(text).map_err(|e| instant_error(text, &e))
}
