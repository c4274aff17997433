//! The only conversions of the package: JS values to the core's serde types and back (plain
//! objects, decimals as strings, instants as RFC 3339 text), and the core's one error value to a
//! real JS `Error` subclass chosen by its category.
//!
//! Both directions go through JSON text, the way the core itself reads and writes its types
//! (`from_json`, `to_json`): read with `serde_json`, written with the core's writer
//! (`cchc_core::to_json_text`); each type's serde code is compiled once for one format, not
//! again for serde-wasm-bindgen's and for `serde_json::Value`'s, which kept the module about twice
//! as large. Inputs are written as text by the engine's `JSON.stringify`. The text costs a few
//! microseconds per call.

use cchc_core::{Decimal, Error};
use serde::Serialize;
use serde::de::DeserializeOwned;
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
    match out(&error) {
        Ok(data) => to_error(data),
        Err(e) => e,
    }
}

/// A core value as a plain JS value (maps as objects, `None` as `null`).
pub(crate) fn out<T: Serialize + ?Sized>(value: &T) -> JsResult {
    // Compact JSON: the calculator's scorecard (57 nodes) is 9.6 KB of text instead of 14.9 KB
    // pretty, written and parsed in about two thirds of the time (Chromium: 125 µs against
    // 170-200 µs per card). The core's writer has one serializer for both layouts, so the core's
    // pretty `to_json` costs no second one.
    let text = cchc_core::to_json_text(value, false).map_err(|e| JsValue::from(e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// A JS value as a core type; `what` names it in the `invalid-shape` error. The value is written
/// as JSON text by the engine's own `JSON.stringify` and read with `serde_json`, like the core's
/// `from_json`: no second deserializer (serde-wasm-bindgen) compiled into the module. A value JSON
/// cannot hold (`undefined`, a function, a `BigInt`, a cycle) is `invalid-shape` too.
pub(crate) fn input<T: DeserializeOwned>(value: JsValue, what: &str) -> JsResult<T> {
    let shape = |e: &dyn std::fmt::Display| throw(Error::invalid_shape(what, e));
    let text = match js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|t| t.as_string())
    {
        Some(text) => text,
        None => return Err(shape(&"not a JSON value")),
    };
    serde_json::from_str(&text).map_err(|e| {
        // The position is in text the caller never saw: leave it out of the message.
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        shape(&message.strip_suffix(&position).unwrap_or(&message))
    })
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
#[cfg(feature = "full")]
pub(crate) fn instant(at: &str) -> JsResult<chrono::DateTime<chrono::FixedOffset>> {
    cchc_core::parse_instant(at).map_err(throw)
}

/// A text in capitals as the JS engine writes it (`toUpperCase`, Unicode's full mapping, as
/// Rust's `str::to_uppercase`): the module then carries no case tables of its own.
pub(crate) fn upper(text: &str) -> String {
    js_sys::JsString::from(text).to_upper_case().into()
}

/// A name of one of the core's kinds ("I", "self", "department", …; `unknown-name`).
pub(crate) fn name<T: cchc_core::Named>(text: &str) -> JsResult<T> {
    cchc_core::parse_name(text).map_err(throw)
}
