//! Conversions at the boundary: Python numbers and instants in, the core's errors out.
//!
//! Only conversion lives here. Numbers must be exact: `decimal.Decimal`, `int` or a decimal
//! string; a `float` is refused (pyo3's own extraction would accept it). Instants must carry
//! their offset: an aware `datetime` or an RFC 3339 string (parsed by the core).

use chrono::{DateTime, FixedOffset};
use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};
use rust_decimal::Decimal;

use crate::edition::Problem;

/// What an exception of the `cchc._errors` hierarchy carries besides its message.
#[derive(Default)]
pub(crate) struct Details {
    pub(crate) code: String,
    pub(crate) unit: Option<String>,
    pub(crate) criterion: Option<String>,
    pub(crate) method: Option<String>,
    pub(crate) limit: Option<String>,
    pub(crate) items: Vec<String>,
    pub(crate) detail: String,
    pub(crate) problems: Option<Vec<Problem>>,
}

/// An instance of the exception class `name` of `cchc._errors`, as a `PyErr`.
pub(crate) fn raise(py: Python<'_>, name: &str, message: String, details: Details) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let class = py.import("cchc._errors")?.getattr(name)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", &details.code)?;
        kwargs.set_item("unit", &details.unit)?;
        kwargs.set_item("criterion", &details.criterion)?;
        kwargs.set_item("method", &details.method)?;
        kwargs.set_item("limit", &details.limit)?;
        kwargs.set_item("items", details.items.clone())?;
        kwargs.set_item("detail", &details.detail)?;
        if let Some(problems) = &details.problems {
            kwargs.set_item("problems", problems.clone())?;
        }
        let instance = class.call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// A refusal of the binding's own conversions (`InvalidInputError`, or a subclass).
pub(crate) fn invalid(py: Python<'_>, class: &str, code: &str, detail: String) -> PyErr {
    raise(
        py,
        class,
        format!("{code}: {detail}"),
        Details {
            code: code.to_owned(),
            detail,
            ..Details::default()
        },
    )
}

/// The core's refusal of an answer, appraisal or decision, as `cchc.InvalidInputError`.
pub(crate) fn answer_error(py: Python<'_>, e: &cchc_core::AnswerError) -> PyErr {
    raise(
        py,
        "InvalidInputError",
        e.to_string(),
        Details {
            code: e.code().to_owned(),
            unit: e.unit().map(str::to_owned),
            criterion: e.criterion().map(str::to_owned),
            method: e.method().map(str::to_owned),
            limit: e.limit().map(str::to_owned),
            items: Vec::new(),
            detail: e.detail().to_owned(),
            problems: None,
        },
    )
}

/// The core's refusal of a command, as the `cchc` exception class of its kind.
pub(crate) fn record_error(py: Python<'_>, e: &cchc_core::RecordError) -> PyErr {
    use cchc_core::RecordErrorKind as K;
    let class = match e.kind() {
        K::InvalidInput | K::InvalidValue | K::UnknownUnit => "InvalidInputError",
        K::PermissionDenied | K::OtherUnit => "PermissionDeniedError",
        K::WindowClosed => "WindowClosedError",
        K::WrongPhase | K::Published | K::AlreadySubmitted => "WrongPhaseError",
        K::InvalidLog => "InvalidLogError",
        _ => "RecordError",
    };
    raise(
        py,
        class,
        e.to_string(),
        Details {
            code: e.code().to_owned(),
            unit: e.unit().map(str::to_owned),
            criterion: e.criterion().map(str::to_owned),
            method: e.answer_error().and_then(|a| a.method()).map(str::to_owned),
            limit: e.limit().map(str::to_owned),
            items: e.items().to_vec(),
            detail: e.detail().to_owned(),
            problems: None,
        },
    )
}

/// The core's refusal of an edition, as `cchc.EditionError` listing every problem.
pub(crate) fn edition_error(py: Python<'_>, e: &cchc_core::EditionError) -> PyErr {
    raise(
        py,
        "EditionError",
        e.to_string(),
        Details {
            code: e.code().to_owned(),
            detail: e.to_string(),
            problems: Some(e.problems().iter().cloned().map(Problem).collect()),
            ..Details::default()
        },
    )
}

/// An exact decimal from `decimal.Decimal`, `int` or a decimal string; `float` is refused.
pub(crate) fn decimal_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Decimal> {
    let py = value.py();
    if value.is_instance_of::<PyFloat>() {
        return Err(invalid(
            py,
            "FloatRefusedError",
            "float-refused",
            format!(
                "{what} {} is a float, which cannot hold decimals exactly; pass a decimal.Decimal, \
                 an int or a string such as {:?}",
                value.repr()?,
                value.str()?.to_string()
            ),
        ));
    }
    if value.is_instance_of::<PyBool>() {
        return Err(not_a_decimal(value, what));
    }
    if let Ok(text) = value.cast::<PyString>() {
        let text = &text.to_cow()?;
        return Decimal::from_str_exact(text.trim()).map_err(|_| not_a_decimal(value, what));
    }
    if value.is_instance_of::<PyInt>() {
        // Through the digits, so ints beyond 64 bits stay exact (up to the decimal's 28 digits).
        return Decimal::from_str_exact(&value.str()?.to_cow()?)
            .map_err(|_| not_a_decimal(value, what));
    }
    let decimal_type = py.import("decimal")?.getattr("Decimal")?;
    if value.is_instance(&decimal_type)? {
        return value
            .extract::<Decimal>()
            .map_err(|_| not_a_decimal(value, what));
    }
    Err(not_a_decimal(value, what))
}

fn not_a_decimal(value: &Bound<'_, PyAny>, what: &str) -> PyErr {
    let shown = value
        .repr()
        .map_or_else(|_| "?".to_owned(), |r| r.to_string());
    invalid(
        value.py(),
        "InvalidInputError",
        "not-a-decimal",
        format!(
            "{what} {shown} is not an exact decimal; pass a decimal.Decimal, an int or a string \
             such as \"1.25\""
        ),
    )
}

/// An instant with its offset: an aware `datetime`, or an RFC 3339 string with an offset.
pub(crate) fn instant_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<DateTime<FixedOffset>> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        return cchc_core::parse_instant(&text.to_cow()?).map_err(|e| {
            invalid(
                py,
                "InvalidInputError",
                "invalid-instant",
                format!("{what}: {e}"),
            )
        });
    }
    let datetime_type = py.import("datetime")?.getattr("datetime")?;
    if !value.is_instance(&datetime_type)? {
        return Err(invalid(
            py,
            "InvalidInputError",
            "invalid-instant",
            format!(
                "{what} {} is not a datetime; pass a timezone-aware datetime.datetime",
                value.repr()?
            ),
        ));
    }
    if value.call_method0("utcoffset")?.is_none() {
        return Err(invalid(
            py,
            "InvalidInputError",
            "naive-datetime",
            format!(
                "{what} {} has no timezone, so it is no instant; give it one, e.g. \
                 tzinfo=datetime.timezone(datetime.timedelta(hours=7))",
                value.repr()?
            ),
        ));
    }
    value.extract::<DateTime<FixedOffset>>()
}

/// A name from a closed list (a group, a role, a channel…), or `InvalidInputError`.
pub(crate) fn name_arg<T>(
    py: Python<'_>,
    text: &str,
    what: &str,
    allowed: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> PyResult<T> {
    parse(text).ok_or_else(|| {
        invalid(
            py,
            "InvalidInputError",
            "unknown-name",
            format!(
                "unknown {what} {text:?}; expected one of: {}",
                allowed.join(", ")
            ),
        )
    })
}

/// pandas, or an `ImportError` that says how to get it.
pub(crate) fn pandas(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pandas").map_err(|_| {
        PyImportError::new_err(
            "pandas is not installed; it is an optional extra: pip install 'cchc[pandas]'",
        )
    })
}
