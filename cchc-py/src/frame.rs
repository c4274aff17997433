//! pandas data frames of the core's tables: a column per field, `Decimal` cells by default and
//! floats only when the caller asks for them.

use crate::convert::pandas;
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// One cell of a table.
pub(crate) enum Cell {
    Text(String),
    MaybeText(Option<String>),
    Number(Decimal),
    MaybeNumber(Option<Decimal>),
    Int(i64),
    Bool(bool),
    MaybeBool(Option<bool>),
}

impl Cell {
    fn into_py(self, py: Python<'_>, floats: bool) -> PyResult<Bound<'_, PyAny>> {
        let number = |d: Decimal| -> PyResult<Bound<'_, PyAny>> {
            if floats {
                d.to_f64().into_bound_py_any(py)
            } else {
                d.into_bound_py_any(py)
            }
        };
        match self {
            Cell::Text(t) => t.into_bound_py_any(py),
            Cell::MaybeText(t) => t.into_bound_py_any(py),
            Cell::Number(d) => number(d),
            Cell::MaybeNumber(Some(d)) => number(d),
            Cell::MaybeNumber(None) if floats => f64::NAN.into_bound_py_any(py),
            Cell::MaybeNumber(None) => py.None().into_bound_py_any(py),
            Cell::Int(i) => i.into_bound_py_any(py),
            Cell::Bool(b) => b.into_bound_py_any(py),
            Cell::MaybeBool(b) => b.into_bound_py_any(py),
        }
    }
}

/// A `pandas.DataFrame` with these columns (in order) and rows.
pub(crate) fn data_frame<'py>(
    py: Python<'py>,
    columns: &[&str],
    rows: Vec<Vec<Cell>>,
    floats: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let pd = pandas(py)?;
    let mut lists: Vec<Vec<Bound<'py, PyAny>>> = columns.iter().map(|_| Vec::new()).collect();
    for row in rows {
        for (column, cell) in lists.iter_mut().zip(row) {
            column.push(cell.into_py(py, floats)?);
        }
    }
    let data = PyDict::new(py);
    for (name, values) in columns.iter().zip(lists) {
        // An object column keeps Decimal cells as they are (pandas would not infer a dtype).
        data.set_item(name, PyList::new(py, values)?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", columns.to_vec())?;
    pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// The HTML of a data frame, for Jupyter's `_repr_html_`; `None` without pandas (Jupyter then
/// shows the `repr`).
pub(crate) fn frame_html(
    py: Python<'_>,
    frame: PyResult<Bound<'_, PyAny>>,
) -> PyResult<Option<String>> {
    match frame {
        Ok(frame) => Ok(Some(frame.call_method0("to_html")?.extract()?)),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyImportError>(py) => Ok(None),
        Err(e) => Err(e),
    }
}
