//! Conversions at the boundary, and nothing else: core values out as the typed Python value
//! classes (`cchc._values`, filled by `cchc._convert.load`), Python values in through serde, and
//! the core's one error value out as the exception class of its category (`cchc._errors`).

use cchc_core::{Error, Named};
use chrono::{DateTime, FixedOffset};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;
use pythonize::{depythonize, pythonize};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;

static LOAD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DUMP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static RAISE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The core's error as the `cchc` exception of its category, with every field of the error.
pub(crate) fn raise(py: Python<'_>, error: &Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let data = pythonize(py, error)?;
        let exception = RAISE
            .import(py, "cchc._errors", "from_data")?
            .call1((data,))?;
        Ok(PyErr::from_value(exception))
    };
    build().unwrap_or_else(|e| e)
}

/// A core result as a Python result (errors raised as `cchc` exceptions).
pub(crate) fn check<T>(py: Python<'_>, result: Result<T, Error>) -> PyResult<T> {
    result.map_err(|e| raise(py, &e))
}

/// A core value as an instance of the value class `class` of `cchc._values`.
pub(crate) fn out<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    class: &str,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let data = pythonize(py, value)?;
    LOAD.import(py, "cchc._convert", "load")?
        .call1((class, data))
}

/// A core result as an instance of the value class `class` (errors raised as exceptions).
pub(crate) fn result<'py, T: Serialize>(
    py: Python<'py>,
    class: &str,
    value: Result<T, Error>,
) -> PyResult<Bound<'py, PyAny>> {
    out(py, class, &check(py, value)?)
}

/// A Python value (a value class instance, dict, list, str…) as the core's serde type `T`;
/// `what` names it in the `invalid-shape` error a wrong shape gives.
pub(crate) fn input<T: DeserializeOwned>(what: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    let py = value.py();
    let plain = DUMP
        .import(py, "cchc._convert", "dump")?
        .call1((value,))
        .map_err(|e| raise(py, &Error::invalid_shape(what, e)))?;
    depythonize(&plain).map_err(|e| raise(py, &Error::invalid_shape(what, e)))
}

/// An exact decimal from a `decimal.Decimal` or a `str`; anything else (a float above all) is
/// `not-a-decimal`.
pub(crate) fn decimal(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Decimal> {
    let py = value.py();
    let text = if let Ok(text) = value.cast::<PyString>() {
        text.to_cow()?.into_owned()
    } else if value.is_instance(DECIMAL.import(py, "decimal", "Decimal")?)? {
        value.str()?.to_cow()?.into_owned()
    } else {
        let given = value.repr()?.to_cow()?.into_owned();
        return Err(raise(py, &Error::not_a_decimal(what, &given)));
    };
    check(py, cchc_core::parse_decimal(what, &text))
}

/// An instant with its offset: an aware `datetime.datetime` or RFC 3339 text (the core parses
/// both the same way: a naive datetime has no offset and is `invalid-instant`).
pub(crate) fn instant(value: &Bound<'_, PyAny>) -> PyResult<DateTime<FixedOffset>> {
    let py = value.py();
    let text = if value.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        value.call_method0("isoformat")?
    } else if value.is_instance_of::<PyString>() {
        value.clone()
    } else {
        value.repr()?.into_any()
    };
    check(
        py,
        cchc_core::parse_instant(&text.cast::<PyString>()?.to_cow()?),
    )
}

/// A name of a closed list (an assessor, an appendix…), or `unknown-name`.
pub(crate) fn name<T: Named>(py: Python<'_>, text: &str) -> PyResult<T> {
    check(py, cchc_core::parse_name::<T>(text))
}
