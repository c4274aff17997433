//! Python bindings of cchc, built by maturin as the private extension module `cchc._native`.
//!
//! Only the handles that hold state are native: `Edition`, `Assessment`, `Round` and
//! `RoundRecord`, each a thin wrapper over the core's handle whose methods convert their
//! arguments, make ONE core call and convert the result. Values cross through serde
//! (`pythonize`) into the typed value classes of python/cchc/_values.py; the core's error
//! becomes the exception class of its category (python/cchc/_errors.py). Every rule lives in
//! `cchc-core`; the stubs are python/cchc/_native.pyi.

mod batch;
mod convert;
mod edition;
mod record;
mod session;

/// The private extension module; import from `cchc` instead.
#[pyo3::pymodule]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyTuple;

    #[pymodule_export]
    use super::batch::{rounds_to_csv, score_rounds_coded, score_rounds_columns, score_rounds_csv};
    #[pymodule_export]
    use super::edition::{Edition, default_edition, edition};
    #[pymodule_export]
    use super::record::RoundRecord;
    #[pymodule_export]
    use super::session::{Assessment, Round};

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("FORMAT_VERSION", cchc_core::Edition::FORMAT_VERSION)?;
        m.add("RECORD_SCHEMA", cchc_core::RECORD_SCHEMA)?;
        m.add(
            "EDITION_IDS",
            PyTuple::new(m.py(), cchc_criteria::EDITION_IDS)?,
        )?;
        Ok(())
    }
}
