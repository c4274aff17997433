//! Editions: units, groups, criteria trees, schedule and bands.

use crate::convert::{decimal_arg, edition_error, invalid, name_arg};
use crate::frame::{Cell, data_frame};
use crate::{Handle, iterate, quote};
use cchc_core::{Appendix, CriteriaSet as CoreSet, Edition as CoreEdition, Group};
use chrono::{DateTime, FixedOffset, NaiveDate};
use pyo3::prelude::*;
use pyo3::types::PyIterator;
use rust_decimal::Decimal;
use std::sync::Arc;

const GROUPS: [&str; 4] = [
    "department",
    "district-committee",
    "public-service-unit",
    "central-agency",
];
const APPENDICES: [&str; 4] = ["I", "II", "III", "IV"];

pub(crate) fn parse_group(py: Python<'_>, text: &str) -> PyResult<Group> {
    name_arg(py, text, "group", &GROUPS, Group::parse)
}

pub(crate) fn parse_appendix(py: Python<'_>, text: &str) -> PyResult<Appendix> {
    name_arg(py, text, "appendix", &APPENDICES, Appendix::parse)
}

/// One province's round of the PAR Index: units, criteria appendices, schedule and bands.
#[pyclass(frozen, module = "cchc", name = "Edition")]
pub struct Edition {
    pub(crate) inner: Handle,
}

impl Edition {
    pub(crate) fn set(&self, index: usize) -> CriteriaSet {
        CriteriaSet {
            edition: self.inner.clone(),
            index,
        }
    }
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
        let items = files.call_method0("items").map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(
                "files must be a mapping of file name to text, e.g. {\"edition.toml\": \"…\"}",
            )
        })?;
        for item in items.try_iter()? {
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

    /// The rounding rule for computed values: "half-up", "half-even" or "down".
    #[getter]
    fn rounding(&self) -> &'static str {
        self.inner.rounding().as_str()
    }

    /// The decision that issued the index.
    #[getter]
    fn decision(&self) -> Decision {
        Decision::from(self.inner.decision())
    }

    /// The round's windows.
    #[getter]
    fn schedule(&self) -> Schedule {
        Schedule::from(self.inner.schedule())
    }

    /// Classification bands, highest first.
    #[getter]
    fn bands(&self) -> Vec<Band> {
        self.inner.bands().iter().map(Band::from).collect()
    }

    /// The band an index (in %) falls in, or None.
    fn band_for(&self, index: &Bound<'_, PyAny>) -> PyResult<Option<Band>> {
        let index = decimal_arg(index, "index")?;
        Ok(self.inner.band_for(index).map(Band::from))
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

    /// The units of one group ("department", "district-committee", "public-service-unit",
    /// "central-agency"), in list order.
    fn units_in(&self, py: Python<'_>, group: &str) -> PyResult<Vec<Unit>> {
        let group = parse_group(py, group)?;
        Ok(self.inner.units_in(group).cloned().map(Unit).collect())
    }

    /// The criteria sets the edition provides, in appendix order.
    #[getter]
    fn appendices(&self) -> Vec<CriteriaSet> {
        (0..self.inner.criteria_sets().len())
            .map(|i| self.set(i))
            .collect()
    }

    /// One appendix's criteria set ("I" to "IV"), or None when the edition lacks it.
    fn criteria(&self, py: Python<'_>, appendix: &str) -> PyResult<Option<CriteriaSet>> {
        let appendix = parse_appendix(py, appendix)?;
        Ok(self
            .inner
            .criteria_sets()
            .iter()
            .position(|set| set.appendix() == appendix)
            .map(|i| self.set(i)))
    }

    /// The criteria set a unit (given by id) is scored against.
    fn criteria_for(&self, py: Python<'_>, unit: &str) -> PyResult<CriteriaSet> {
        let found = self.inner.unit(unit).and_then(|u| {
            let appendix = u.group().appendix();
            self.inner
                .criteria_sets()
                .iter()
                .position(|set| set.appendix() == appendix)
        });
        found.map(|i| self.set(i)).ok_or_else(|| {
            invalid(
                py,
                "InvalidInputError",
                "unknown-unit",
                format!("unit {unit:?} is not in edition {}", self.inner.id()),
            )
        })
    }

    /// The units as a pandas DataFrame: id, name, group, appendix.
    fn units_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = self
            .inner
            .units()
            .iter()
            .map(|u| {
                vec![
                    Cell::Text(u.id().to_owned()),
                    Cell::Text(u.name().to_owned()),
                    Cell::Text(u.group().as_str().to_owned()),
                    Cell::Text(u.group().appendix().as_str().to_owned()),
                ]
            })
            .collect();
        data_frame(py, &["id", "name", "group", "appendix"], rows, false)
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
pub struct Unit(pub(crate) cchc_core::Unit);

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

    /// The group's Vietnamese name.
    #[getter]
    fn group_name(&self) -> &'static str {
        self.0.group().name_vi()
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

    fn position(&self, code: &str) -> Option<usize> {
        self.set().nodes().iter().position(|n| n.code() == code)
    }

    fn nodes_of<'a>(&self, nodes: impl Iterator<Item = &'a cchc_core::Node>) -> Vec<Node> {
        nodes
            .filter_map(|n| self.position(n.code()))
            .map(|i| self.node_at(i))
            .collect()
    }
}

#[pymethods]
impl CriteriaSet {
    /// The appendix numeral, "I" to "IV".
    #[getter]
    fn appendix(&self) -> &'static str {
        self.set().appendix().as_str()
    }

    /// The group scored against this appendix.
    #[getter]
    fn group(&self) -> &'static str {
        self.set().appendix().group().as_str()
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

    /// Every node in table order: fields, criteria and sub-criteria.
    #[getter]
    fn nodes(&self) -> Vec<Node> {
        (0..self.set().nodes().len())
            .map(|i| self.node_at(i))
            .collect()
    }

    /// The top-level fields (deduction and bonus fields included), in order.
    #[getter]
    fn fields(&self) -> Vec<Node> {
        self.nodes_of(self.set().fields())
    }

    /// Every leaf (scored item), in order.
    #[getter]
    fn leaves(&self) -> Vec<Node> {
        self.nodes_of(self.set().leaves().map(|(n, _)| n))
    }

    /// The node with this dotted code ("3.2.1"), or None.
    fn node(&self, code: &str) -> Option<Node> {
        self.position(code).map(|i| self.node_at(i))
    }

    /// The direct children of a node (empty for a leaf or an unknown code).
    fn children(&self, code: &str) -> Vec<Node> {
        self.nodes_of(self.set().children(code))
    }

    /// The parent of a node, or None for a field or an unknown code.
    fn parent(&self, code: &str) -> Option<Node> {
        self.set()
            .parent(code)
            .and_then(|p| self.position(p.code()))
            .map(|i| self.node_at(i))
    }

    /// The criteria table as a pandas DataFrame, one row per node. `floats=True` gives float
    /// columns instead of `Decimal`.
    #[pyo3(signature = (*, floats = false))]
    fn to_pandas<'py>(&self, py: Python<'py>, floats: bool) -> PyResult<Bound<'py, PyAny>> {
        let set = self.set();
        let rows = set
            .nodes()
            .iter()
            .map(|n| {
                let leaf = n.leaf();
                vec![
                    Cell::Text(set.appendix().as_str().to_owned()),
                    Cell::Text(n.code().to_owned()),
                    Cell::Int(i64::try_from(n.depth()).unwrap_or(i64::MAX)),
                    Cell::Text(n.title().to_owned()),
                    Cell::MaybeText(n.title_en().map(str::to_owned)),
                    Cell::Number(n.max()),
                    Cell::Text(
                        set.section_of(n.code())
                            .unwrap_or_default()
                            .as_str()
                            .to_owned(),
                    ),
                    Cell::MaybeText(leaf.map(|l| l.method.kind().to_owned())),
                    Cell::MaybeText(leaf.map(|l| l.assessed_by.as_str().to_owned())),
                    Cell::MaybeBool(leaf.map(|l| l.evidence)),
                    Cell::MaybeBool(leaf.map(|l| l.not_applicable)),
                    Cell::Text(n.status().as_str().to_owned()),
                    Cell::Text(n.reference().to_owned()),
                ]
            })
            .collect();
        data_frame(
            py,
            &[
                "appendix",
                "code",
                "depth",
                "title",
                "title_en",
                "max",
                "section",
                "method",
                "assessed_by",
                "evidence",
                "not_applicable",
                "status",
                "reference",
            ],
            rows,
            floats,
        )
    }

    fn __len__(&self) -> usize {
        self.set().nodes().len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        iterate(py, self.nodes())
    }

    fn __contains__(&self, code: &str) -> bool {
        self.set().node(code).is_some()
    }

    fn __getitem__(&self, code: &str) -> PyResult<Node> {
        self.node(code).ok_or_else(|| {
            pyo3::exceptions::PyKeyError::new_err(format!(
                "no node {code:?} in appendix {}",
                self.set().appendix()
            ))
        })
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

    /// The leaf's method and flags; None for a node with children.
    #[getter]
    fn leaf(&self) -> Option<Leaf> {
        self.get().leaf().map(Leaf::from)
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
            crate::py_repr(py, node.leaf().map(|leaf| leaf.method.kind()))?
        ))
    }
}

mirror! {
    /// One choice of an `options` or `survey` leaf: a label worth a share (in %) of the max.
    Choice from cchc_core::Choice as c {
        /// Short identifier ("tot", "A").
        id: String = c.id.clone(),
        /// Vietnamese label.
        label: String = c.label.clone(),
        /// Share of the leaf's max, in percent.
        share: Decimal = c.share,
    }
}

mirror! {
    /// One condition of a `checklist` leaf, worth fixed points.
    ChecklistItem from cchc_core::ChecklistItem as c {
        /// Short identifier.
        id: String = c.id.clone(),
        /// Vietnamese text of the condition.
        label: String = c.label.clone(),
        /// Points when the condition is met.
        points: Decimal = c.points,
    }
}

mirror! {
    /// One threshold of a `ratio-tiers` leaf: a rate at or above `at_least` % earns `points`.
    Tier from cchc_core::Tier as t {
        /// Lower bound of the rate, in percent, inclusive.
        at_least: Decimal = t.at_least,
        /// Points for a rate in this tier.
        points: Decimal = t.points,
    }
}

mirror! {
    /// How a leaf's answer becomes points. `kind` names the method; the other attributes are
    /// those of that method (None otherwise).
    Method from cchc_core::Method as m {
        /// "yes-no", "options", "checklist", "count", "ratio-tiers", "proportional", "points",
        /// "deduction" or "survey".
        kind: String = m.kind().to_owned(),
        /// The options of an `options` leaf, or the grades of a `survey` leaf.
        options: Option<Vec<Choice>> = match m {
            cchc_core::Method::Options { options } | cchc_core::Method::Survey { options } => {
                Some(options.iter().map(Choice::from).collect())
            }
            _ => None,
        },
        /// The conditions of a `checklist` leaf.
        items: Option<Vec<ChecklistItem>> = match m {
            cchc_core::Method::Checklist { items } => {
                Some(items.iter().map(ChecklistItem::from).collect())
            }
            _ => None,
        },
        /// The tiers of a `ratio-tiers` leaf, highest first.
        tiers: Option<Vec<Tier>> = match m {
            cchc_core::Method::RatioTiers { tiers } => Some(tiers.iter().map(Tier::from).collect()),
            _ => None,
        },
        /// Points per item of a `count` or `deduction` leaf.
        per_item: Option<Decimal> = match m {
            cchc_core::Method::Count { per_item, .. }
            | cchc_core::Method::Deduction { per_item } => Some(*per_item),
            _ => None,
        },
        /// The cap of a `count` leaf, when it has one (else the leaf's max).
        cap: Option<Decimal> = match m {
            cchc_core::Method::Count { cap, .. } => *cap,
            _ => None,
        },
        /// The step of a `points` leaf.
        step: Option<Decimal> = match m {
            cchc_core::Method::Points { step } => Some(*step),
            _ => None,
        },
    }
}

mirror! {
    /// What a leaf carries: its method and flags.
    Leaf from cchc_core::Leaf as l {
        /// How an answer becomes points.
        method: Method = Method::from(&l.method),
        /// "self", "survey" or "authority".
        assessed_by: String = l.assessed_by.as_str().to_owned(),
        /// Whether evidence is required for a claim.
        evidence: bool = l.evidence,
        /// Whether the unit may answer "not applicable".
        not_applicable: bool = l.not_applicable,
    }
}

mirror! {
    /// The act that issued the index.
    Decision from cchc_core::Decision as d {
        /// Number and symbol ("3267/QĐ-UBND").
        number: String = d.number.clone(),
        /// Date of issue.
        date: NaiveDate = d.date,
        /// Issuing body.
        issuer: String = d.issuer.clone(),
        /// Title.
        title: String = d.title.clone(),
    }
}

mirror! {
    /// The round's windows, as timezone-aware datetimes; windows are half-open [start, end).
    Schedule from cchc_core::Schedule as s {
        /// Start of the trial window.
        trial_start: DateTime<FixedOffset> = s.trial_start,
        /// End of the trial window (exclusive).
        trial_end: DateTime<FixedOffset> = s.trial_end,
        /// Start of the official self-assessment window.
        official_start: DateTime<FixedOffset> = s.official_start,
        /// End of the official window (exclusive): the automatic lock.
        official_end: DateTime<FixedOffset> = s.official_end,
        /// The signed report must arrive before this instant.
        report_due: DateTime<FixedOffset> = s.report_due,
        /// The document that sets the schedule.
        reference: String = s.reference.clone(),
        /// "official" or "reconstructed".
        status: String = s.status.as_str().to_owned(),
    }
}

mirror! {
    /// A classification band: indices from its lower bound up to the next band's.
    Band from cchc_core::Band as b {
        /// Stable identifier ("1", "A").
        id: String = b.id.clone(),
        /// Label as published ("Nhóm 1").
        label: String = b.label.clone(),
        /// Exclusive lower bound in %, when the band has one.
        above: Option<Decimal> = b.above,
        /// Inclusive lower bound in %, when the band has one.
        at_least: Option<Decimal> = b.at_least,
        /// "official" or "reconstructed".
        status: String = b.status.as_str().to_owned(),
        /// The document the band rests on.
        reference: String = b.reference.clone(),
    }
}

repr_only!(
    Choice,
    ChecklistItem,
    Tier,
    Method,
    Leaf,
    Decision,
    Schedule,
    Band
);

/// One thing wrong with an edition's data: kind, file, line, subject and message.
#[pyclass(frozen, eq, module = "cchc", name = "Problem")]
#[derive(Clone, PartialEq)]
pub struct Problem(pub(crate) cchc_core::Problem);

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
            crate::py_repr(py, p.location.line)?,
            crate::py_repr(py, p.subject.as_deref())?,
            quote(py, &p.message)?
        ))
    }
}

/// The embedded default edition (Sóc Trăng 2018).
#[pyfunction]
pub fn default_edition() -> Edition {
    Edition {
        inner: Handle::Embedded(cchc_criteria::default_edition()),
    }
}

/// The embedded edition with this id, or None.
#[pyfunction]
pub fn edition(id: &str) -> Option<Edition> {
    cchc_criteria::edition(id).map(|e| Edition {
        inner: Handle::Embedded(e),
    })
}
