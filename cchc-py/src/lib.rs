//! Python bindings of cchc, built by maturin as the private extension module `cchc._native`.
//!
//! The public API is the Python package `cchc` (python/cchc), which re-exports these classes;
//! its types are in python/cchc/_native.pyi. This crate only converts and forwards: every rule
//! lives in `cchc-core`. Numbers cross as `decimal.Decimal`, never as floats.

use cchc_core::{Appendix, CriteriaSet as CoreSet, Edition as CoreEdition};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use rust_decimal::Decimal;
use std::ops::Deref;
use std::sync::Arc;

pyo3::create_exception!(
    cchc,
    Error,
    PyValueError,
    "Base class of every error cchc raises (a ValueError). Carries a stable `code`."
);
pyo3::create_exception!(
    cchc,
    EditionError,
    Error,
    "An edition refused: `code` is \"invalid-edition\" and `problems` lists every problem found."
);

/// An edition the Python objects share: the embedded one, or one loaded at run time.
#[derive(Clone)]
enum Handle {
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
fn quote(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(text.into_pyobject(py)?.repr()?.to_string())
}

fn quote_opt(py: Python<'_>, text: Option<&str>) -> PyResult<String> {
    match text {
        Some(t) => quote(py, t),
        None => Ok("None".to_owned()),
    }
}

fn parse_appendix(text: &str) -> PyResult<Appendix> {
    Appendix::parse(text).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown appendix {text:?}: expected \"I\", \"II\", \"III\" or \"IV\""
        ))
    })
}

/// Converts the core's refusal into a `cchc.EditionError` carrying `code` and `problems`.
fn edition_error(py: Python<'_>, err: &cchc_core::EditionError) -> PyErr {
    let raised = EditionError::new_err(err.to_string());
    let attach = || -> PyResult<()> {
        let value = raised.value(py);
        value.setattr("code", err.code())?;
        let problems: Vec<Problem> = err.problems().iter().cloned().map(Problem).collect();
        value.setattr("problems", PyList::new(py, problems)?)?;
        Ok(())
    };
    match attach() {
        Ok(()) => raised,
        Err(other) => other,
    }
}

/// One province's round of the PAR Index: units, criteria appendices, schedule and bands.
#[pyclass(frozen, module = "cchc", name = "Edition")]
pub struct Edition {
    inner: Handle,
}

#[pymethods]
impl Edition {
    /// Loads an edition from the JSON that `to_json` writes; raises `EditionError` if invalid.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Edition> {
        CoreEdition::from_json(text)
            .map(|e| Edition {
                inner: Handle::Loaded(Arc::new(e)),
            })
            .map_err(|e| edition_error(py, &e))
    }

    /// Loads an edition from its TOML files, given as a mapping of file name to text that
    /// includes "edition.toml"; raises `EditionError` listing every problem if invalid.
    #[staticmethod]
    fn from_toml_files(py: Python<'_>, files: &Bound<'_, PyAny>) -> PyResult<Edition> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for item in files.call_method0("items")?.try_iter()? {
            pairs.push(item?.extract()?);
        }
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        CoreEdition::from_toml_files(&borrowed)
            .map(|e| Edition {
                inner: Handle::Loaded(Arc::new(e)),
            })
            .map_err(|e| edition_error(py, &e))
    }

    /// The edition as canonical JSON (decimals as strings).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The edition's identifier, e.g. "soc-trang-2018".
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// The year assessed.
    #[getter]
    fn year(&self) -> u16 {
        self.inner.year()
    }

    /// The province.
    #[getter]
    fn province(&self) -> &str {
        self.inner.province()
    }

    /// The edition's title.
    #[getter]
    fn title(&self) -> &str {
        self.inner.title()
    }

    /// All units, in the order of the official list.
    #[getter]
    fn units(&self) -> Vec<Unit> {
        self.inner.units().iter().cloned().map(Unit).collect()
    }

    /// The unit with this id, or None.
    fn unit(&self, id: &str) -> Option<Unit> {
        self.inner.unit(id).cloned().map(Unit)
    }

    /// The criteria sets the edition provides, in appendix order.
    #[getter]
    fn appendices(&self) -> Vec<CriteriaSet> {
        (0..self.inner.criteria_sets().len())
            .map(|index| CriteriaSet {
                edition: self.inner.clone(),
                index,
            })
            .collect()
    }

    /// One appendix's criteria set ("I" to "IV"), or None when the edition lacks it.
    fn criteria(&self, appendix: &str) -> PyResult<Option<CriteriaSet>> {
        let appendix = parse_appendix(appendix)?;
        Ok(self
            .inner
            .criteria_sets()
            .iter()
            .position(|set| set.appendix() == appendix)
            .map(|index| CriteriaSet {
                edition: self.inner.clone(),
                index,
            }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Edition(id={}, year={}, units={}, appendices={})",
            quote(py, self.inner.id())?,
            self.inner.year(),
            self.inner.units().len(),
            self.inner.criteria_sets().len()
        ))
    }
}

/// A participating unit (đơn vị) and the group that selects its appendix.
#[pyclass(frozen, eq, module = "cchc", name = "Unit")]
#[derive(PartialEq)]
pub struct Unit(cchc_core::Unit);

#[pymethods]
impl Unit {
    /// Stable identifier, e.g. "vp-ubnd-tinh".
    #[getter]
    fn id(&self) -> &str {
        self.0.id()
    }

    /// Official Vietnamese name.
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }

    /// "department", "district-committee", "public-service-unit" or "central-agency".
    #[getter]
    fn group(&self) -> &'static str {
        self.0.group().as_str()
    }

    /// The appendix the unit's group is scored against ("I" to "IV").
    #[getter]
    fn appendix(&self) -> &'static str {
        self.0.group().appendix().as_str()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Unit(id={}, name={}, group={})",
            quote(py, self.0.id())?,
            quote(py, self.0.name())?,
            quote(py, self.0.group().as_str())?
        ))
    }
}

/// One appendix (Phụ lục) of an edition: a validated tree of fields, criteria and sub-criteria.
#[pyclass(frozen, module = "cchc", name = "CriteriaSet")]
pub struct CriteriaSet {
    edition: Handle,
    // Position in `edition.criteria_sets()`; the edition is immutable, so it stays valid.
    index: usize,
}

impl CriteriaSet {
    fn set(&self) -> &CoreSet {
        &self.edition.criteria_sets()[self.index]
    }

    fn node_at(&self, node: usize) -> Node {
        Node {
            edition: self.edition.clone(),
            set: self.index,
            node,
        }
    }
}

#[pymethods]
impl CriteriaSet {
    /// The appendix numeral, "I" to "IV".
    #[getter]
    fn appendix(&self) -> &'static str {
        self.set().appendix().as_str()
    }

    /// The appendix's title.
    #[getter]
    fn title(&self) -> &str {
        self.set().title()
    }

    /// The appendix's maximum (the sum of its scored fields), as a Decimal.
    #[getter]
    fn max(&self) -> Decimal {
        self.set().max()
    }

    /// Every node in file order: fields, criteria and sub-criteria.
    #[getter]
    fn nodes(&self) -> Vec<Node> {
        (0..self.set().nodes().len())
            .map(|i| self.node_at(i))
            .collect()
    }

    /// The node with this dotted code ("3.2.1"), or None.
    fn node(&self, code: &str) -> Option<Node> {
        self.set()
            .nodes()
            .iter()
            .position(|n| n.code() == code)
            .map(|i| self.node_at(i))
    }

    fn __len__(&self) -> usize {
        self.set().nodes().len()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let set = self.set();
        Ok(format!(
            "CriteriaSet(appendix={}, max=Decimal({}), nodes={})",
            quote(py, set.appendix().as_str())?,
            quote(py, &set.max().to_string())?,
            set.nodes().len()
        ))
    }
}

/// A node of a criteria tree: a field (lĩnh vực), criterion (tiêu chí) or sub-criterion.
#[pyclass(frozen, module = "cchc", name = "Node")]
pub struct Node {
    edition: Handle,
    // Positions in the immutable edition, as for `CriteriaSet`.
    set: usize,
    node: usize,
}

impl Node {
    fn get(&self) -> &cchc_core::Node {
        &self.edition.criteria_sets()[self.set].nodes()[self.node]
    }
}

#[pymethods]
impl Node {
    /// Dotted code: "1", "1.1" or "1.1.1".
    #[getter]
    fn code(&self) -> &str {
        self.get().code()
    }

    /// Vietnamese title.
    #[getter]
    fn title(&self) -> &str {
        self.get().title()
    }

    /// English title, where the data gives one.
    #[getter]
    fn title_en(&self) -> Option<&str> {
        self.get().title_en()
    }

    /// Maximum points, as a Decimal.
    #[getter]
    fn max(&self) -> Decimal {
        self.get().max()
    }

    /// "scored", "deduction" or "bonus" for a field; "scored" for other nodes.
    #[getter]
    fn section(&self) -> &'static str {
        self.get().section().as_str()
    }

    /// 1 for a field, 2 for a criterion, 3 for a sub-criterion.
    #[getter]
    fn depth(&self) -> usize {
        self.get().depth()
    }

    /// Whether the node is a leaf (has a scoring method).
    #[getter]
    fn is_leaf(&self) -> bool {
        self.get().is_leaf()
    }

    /// The leaf's scoring method ("yes-no", "options", …); None for a node with children.
    #[getter]
    fn method(&self) -> Option<&'static str> {
        self.get().leaf().map(|leaf| leaf.method.kind())
    }

    /// Who assesses the leaf ("self", "survey", "authority"); None for a node with children.
    #[getter]
    fn assessed_by(&self) -> Option<&'static str> {
        self.get().leaf().map(|leaf| leaf.assessed_by.as_str())
    }

    /// Whether the leaf requires evidence; None for a node with children.
    #[getter]
    fn evidence(&self) -> Option<bool> {
        self.get().leaf().map(|leaf| leaf.evidence)
    }

    /// Whether a unit may answer "not applicable"; None for a node with children.
    #[getter]
    fn not_applicable(&self) -> Option<bool> {
        self.get().leaf().map(|leaf| leaf.not_applicable)
    }

    /// "official" or "reconstructed".
    #[getter]
    fn status(&self) -> &'static str {
        self.get().status().as_str()
    }

    /// The document and item the node rests on.
    #[getter]
    fn reference(&self) -> &str {
        self.get().reference()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let node = self.get();
        Ok(format!(
            "Node(code={}, title={}, max=Decimal({}), method={})",
            quote(py, node.code())?,
            quote(py, node.title())?,
            quote(py, &node.max().to_string())?,
            quote_opt(py, node.leaf().map(|leaf| leaf.method.kind()))?
        ))
    }
}

/// One thing wrong with an edition's data: kind, file, line, subject and message.
#[pyclass(frozen, eq, module = "cchc", name = "Problem")]
#[derive(PartialEq)]
pub struct Problem(cchc_core::Problem);

#[pymethods]
impl Problem {
    /// Stable kind code, e.g. "max-mismatch".
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.code()
    }

    /// File name as given to the loader (`"appendix-1.toml"`, `"<json>"`).
    #[getter]
    fn file(&self) -> &str {
        &self.0.location.file
    }

    /// 1-based line, when known.
    #[getter]
    fn line(&self) -> Option<u32> {
        self.0.location.line
    }

    /// The node code, unit id or key concerned, when there is one.
    #[getter]
    fn subject(&self) -> Option<&str> {
        self.0.subject.as_deref()
    }

    /// What is wrong, in words a data editor can act on.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let p = &self.0;
        Ok(format!(
            "Problem(kind={}, file={}, line={}, subject={}, message={})",
            quote(py, p.kind.code())?,
            quote(py, &p.location.file)?,
            p.location
                .line
                .map_or_else(|| "None".to_owned(), |l| l.to_string()),
            quote_opt(py, p.subject.as_deref())?,
            quote(py, &p.message)?
        ))
    }
}

/// The embedded default edition (Sóc Trăng 2018).
#[pyfunction]
fn default_edition() -> Edition {
    Edition {
        inner: Handle::Embedded(cchc_criteria::default_edition()),
    }
}

/// The embedded edition with this id, or None.
#[pyfunction]
fn edition(id: &str) -> Option<Edition> {
    cchc_criteria::edition(id).map(|e| Edition {
        inner: Handle::Embedded(e),
    })
}

/// The private extension module; import from `cchc` instead.
#[pymodule]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyTuple;

    #[pymodule_export]
    use super::{
        CriteriaSet, Edition, EditionError, Error, Node, Problem, Unit, default_edition, edition,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add(
            "EDITION_IDS",
            PyTuple::new(m.py(), cchc_criteria::EDITION_IDS)?,
        )?;
        Ok(())
    }
}
