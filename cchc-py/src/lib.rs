//! Python bindings of cchc, built by maturin as the private extension module `cchc._native`.
//!
//! The public API is the Python package `cchc` (python/cchc), which re-exports these classes;
//! their types are in python/cchc/_native.pyi and the exception classes in python/cchc/_errors.py.
//! This crate only converts and forwards: every rule lives in `cchc-core`. Numbers cross as
//! `decimal.Decimal` (floats are refused), instants as timezone-aware `datetime`.

use cchc_core::Edition as CoreEdition;
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyList};
use std::ops::Deref;
use std::sync::Arc;

/// Defines a frozen Python class that mirrors a core value field by field (`get_all`), its
/// conversion from the core type, and `repr_string` (the `repr` of every field).
macro_rules! mirror {
    (
        $(#[$meta:meta])*
        $name:ident from $core:ty as $v:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $conv:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, get_all, eq, module = "cchc")]
        #[derive(Clone, PartialEq)]
        pub struct $name { $( $(#[$fmeta])* pub(crate) $field: $ty ),* }

        impl From<&$core> for $name {
            fn from($v: &$core) -> Self {
                $name { $( $field: $conv ),* }
            }
        }

        impl $name {
            #[allow(dead_code)]
            pub(crate) fn repr_string(&self, py: Python<'_>) -> PyResult<String> {
                let parts: Vec<String> = vec![$(
                    format!(
                        "{}={}",
                        stringify!($field),
                        pyo3::IntoPyObjectExt::into_bound_py_any(self.$field.clone(), py)?.repr()?
                    )
                ),*];
                Ok(format!("{}({})", stringify!($name), parts.join(", ")))
            }
        }
    };
}

/// `__repr__` from `repr_string` for mirrored classes that need no other method.
macro_rules! repr_only {
    ($($name:ident),* $(,)?) => {$(
        #[pymethods]
        impl $name {
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                self.repr_string(py)
            }
        }
    )*};
}

mod convert;
mod edition;
mod frame;
mod record;
mod scoring;

/// An edition the Python objects share: the embedded one, or one loaded at run time.
#[derive(Clone)]
pub(crate) enum Handle {
    Embedded(&'static CoreEdition),
    Loaded(Arc<CoreEdition>),
}

impl Deref for Handle {
    type Target = CoreEdition;
    fn deref(&self) -> &CoreEdition {
        match self {
            Handle::Embedded(e) => e,
            Handle::Loaded(e) => e,
        }
    }
}

/// Python's `repr` of a string, so reprs read as Python literals.
pub(crate) fn quote(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(text.into_pyobject(py)?.repr()?.to_string())
}

/// Python's `repr` of any convertible value.
pub(crate) fn py_repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    Ok(value.into_bound_py_any(py)?.repr()?.to_string())
}

/// An iterator over a list of values, for `__iter__`.
pub(crate) fn iterate<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    items: Vec<T>,
) -> PyResult<Bound<'py, PyIterator>> {
    PyList::new(py, items)?.try_iter()
}

/// The private extension module; import from `cchc` instead.
#[pymodule]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyTuple;

    #[pymodule_export]
    use super::edition::{
        Band, ChecklistItem, Choice, CriteriaSet, Decision, Edition, Leaf, Method, Node, Problem,
        Schedule, Tier, Unit, default_edition, edition,
    };
    #[pymodule_export]
    use super::record::{
        Actor, AttachedEvidence, Command, Contest, Event, Evidence, ExplanationRound, Extension,
        ReportItem, RoundRecord, Ruling, SelfAssessmentReport, Stage, Submission, UnitRecord,
    };
    #[pymodule_export]
    use super::scoring::{
        Answer, Assessment, BandCount, FieldLoss, FieldScore, Gap, GapReport, GapTotal,
        GroupResults, NodeScore, Placement, Priorities, Recoverable, Results, Round, Scorecard,
        Summary, rank, scorecards_to_pandas, self_vs_appraised, synthetic_assessment,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("FORMAT_VERSION", cchc_core::FORMAT_VERSION)?;
        m.add("RECORD_SCHEMA", cchc_core::RECORD_SCHEMA)?;
        m.add(
            "EDITION_IDS",
            PyTuple::new(m.py(), cchc_criteria::EDITION_IDS)?,
        )?;
        Ok(())
    }
}
