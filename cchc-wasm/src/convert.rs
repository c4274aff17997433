//! The only conversions of the package: JS values to the core's serde types and back
//! (serde-wasm-bindgen: plain objects, decimals as strings, instants as RFC 3339 text), and the
//! core's one error value to a real JS `Error` subclass chosen by its category.

use cchc_core::{Decimal, Error};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;

/// What every fallible method returns: the error is thrown in JS.
pub(crate) type JsResult<T = JsValue> = Result<T, JsValue>;

#[wasm_bindgen(module = "/src/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = toError)]
    fn to_error(data: JsValue) -> JsValue;
    /// The error classes, for `instanceof`.
    #[wasm_bindgen(js_name = errorClasses)]
    pub(crate) fn error_classes() -> JsValue;
}

/// The core's error as the JS error of its category (`code`, `category`, `message` and fields).
pub(crate) fn throw(error: Error) -> JsValue {
    match error.serialize(&Serializer::json_compatible()) {
        Ok(data) => to_error(data),
        Err(e) => e.into(),
    }
}

/// A core value as a plain JS value (maps as objects, `None` as `null`).
pub(crate) fn out<T: Serialize + ?Sized>(value: &T) -> JsResult {
    value
        .serialize(&Serializer::json_compatible())
        .map_err(Into::into)
}

/// A JS value as a core type; `what` names it in the `invalid-shape` error. Through a
/// `serde_json::Value` (not text): serde-wasm-bindgen reads a struct's known keys only, so the
/// core's `deny_unknown_fields` would never see an unknown one.
pub(crate) fn input<T: DeserializeOwned>(value: JsValue, what: &str) -> JsResult<T> {
    let shape = |e: &dyn std::fmt::Display| throw(Error::invalid_shape(what, e));
    let value: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| shape(&e))?;
    serde_json::from_value(value).map_err(|e| shape(&e))
}

/// A decimal given as a string (`"1.25"`); a JS number or any other value is `not-a-decimal`.
pub(crate) fn decimal(value: &JsValue, what: &str) -> JsResult<Decimal> {
    match value.as_string() {
        Some(text) => cchc_core::parse_decimal(what, &text).map_err(throw),
        None => {
            let given = value
                .as_f64()
                .map_or_else(|| format!("{value:?}"), |n| n.to_string());
            Err(throw(Error::not_a_decimal(what, &given)))
        }
    }
}

/// An instant as RFC 3339 text with its offset (`invalid-instant`).
pub(crate) fn instant(at: &str) -> JsResult<chrono::DateTime<chrono::FixedOffset>> {
    cchc_core::parse_instant(at).map_err(throw)
}

/// A name of one of the core's kinds ("I", "self", "department", …; `unknown-name`).
pub(crate) fn name<T: cchc_core::Named>(text: &str) -> JsResult<T> {
    cchc_core::parse_name(text).map_err(throw)
}
