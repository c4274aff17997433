//! `Edition`: the shared handle on one edition (units, criteria, rules), and its readers.

use crate::convert::{check, decimal, input, name, out, result};
use cchc_core::{Answer, Appendix, Assessor, Group, Named, ReportOptions, Results, Scorecard};
use pyo3::prelude::*;
use std::collections::BTreeMap;

/// One edition of the PAR Index: its units, criteria appendices, schedule and bands. Cheap to
/// share: sessions (`Assessment`, `Round`, `RoundRecord`) hold the same handle.
#[pyclass(frozen, eq, module = "cchc")]
#[derive(Clone, PartialEq)]
pub struct Edition(pub(crate) cchc_core::Edition);

/// The options of a report renderer.
fn options(decimal_comma: bool) -> ReportOptions {
    ReportOptions { decimal_comma }
}

#[pymethods]
impl Edition {
    /// An edition from its TOML files, given as `{file name: text}`.
    #[staticmethod]
    fn from_toml_files(py: Python<'_>, files: &Bound<'_, PyAny>) -> PyResult<Self> {
        let files: BTreeMap<String, String> = input("files", files)?;
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        check(py, cchc_core::Edition::from_toml_files(&pairs)).map(Edition)
    }

    /// An edition from its JSON form (`to_json`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        check(py, cchc_core::Edition::from_json(text)).map(Edition)
    }

    /// The edition's JSON form.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The edition's identifier, e.g. `"soc-trang-2018"`.
    #[getter]
    fn id(&self) -> &str {
        self.0.id()
    }

    /// The year assessed.
    #[getter]
    fn year(&self) -> u16 {
        self.0.year()
    }

    /// The province.
    #[getter]
    fn province(&self) -> &str {
        self.0.province()
    }

    /// The edition's title.
    #[getter]
    fn title(&self) -> &str {
        self.0.title()
    }

    /// The rounding rule's name, e.g. `"half-up"`.
    #[getter]
    fn rounding(&self) -> &'static str {
        self.0.rounding().as_str()
    }

    /// The decision that issued the edition (a `Decision`).
    fn decision<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "Decision", self.0.decision())
    }

    /// The round's schedule (a `Schedule`).
    fn schedule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "Schedule", self.0.schedule())
    }

    /// The classification bands, best first (a list of `Band`).
    fn bands<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "list[Band]", self.0.bands())
    }

    /// The band of an index (a `decimal.Decimal` or `str`), or `None`.
    fn band_for<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        out(
            py,
            "Optional[Band]",
            &self.0.band_for(decimal("index", index)?),
        )
    }

    /// Every unit, in the edition's order (a list of `Unit`).
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "list[Unit]", self.0.units())
    }

    /// The units of one group (`"department"`, `"district-committee"`, …), in order.
    fn units_in<'py>(&self, py: Python<'py>, group: &str) -> PyResult<Bound<'py, PyAny>> {
        let group: Group = name(py, group)?;
        out(
            py,
            "list[Unit]",
            &self.0.units_in(group).collect::<Vec<_>>(),
        )
    }

    /// The unit of this id, or `None`.
    fn unit<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        out(py, "Optional[Unit]", &self.0.unit(id))
    }

    /// The criteria of one appendix (`"I"` … `"IV"`) with each node's depth and section (a
    /// `CriteriaView`), or `None` if the edition has no such appendix.
    fn criteria<'py>(&self, py: Python<'py>, appendix: &str) -> PyResult<Bound<'py, PyAny>> {
        let appendix: Appendix = name(py, appendix)?;
        out(
            py,
            "Optional[CriteriaView]",
            &self.0.criteria_view(appendix),
        )
    }

    /// What an answer would be worth (a `Worth`), recording nothing.
    fn worth<'py>(
        &self,
        py: Python<'py>,
        unit: &str,
        assessor: &str,
        code: &str,
        answer: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let assessor: Assessor = name(py, assessor)?;
        let answer: Answer = input("answer", answer)?;
        result(py, "Worth", self.0.worth(unit, assessor, code, &answer))
    }

    /// The ranking and summaries of scorecards (`Scorecard` objects or their dicts): `Results`.
    fn rank<'py>(&self, py: Python<'py>, cards: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let cards: Vec<Scorecard> = input("scorecards", cards)?;
        out(py, "Results", &self.0.rank(&cards))
    }

    /// Self-assessed against appraised points of scorecards: a `GapReport`.
    fn self_vs_appraised<'py>(
        &self,
        py: Python<'py>,
        cards: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cards: Vec<Scorecard> = input("scorecards", cards)?;
        out(py, "GapReport", &self.0.self_vs_appraised(&cards))
    }

    /// Where a scorecard lost points and what is recoverable: `Priorities`.
    fn priorities<'py>(
        &self,
        py: Python<'py>,
        card: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let card: Scorecard = input("scorecard", card)?;
        out(py, "Priorities", &self.0.priorities(&card))
    }

    /// The results as an HTML page.
    #[pyo3(signature = (results, decimal_comma = false))]
    fn results_html(&self, results: &Bound<'_, PyAny>, decimal_comma: bool) -> PyResult<String> {
        let results: Results = input("results", results)?;
        Ok(results.to_html(&self.0, &options(decimal_comma)))
    }

    /// The results as CSV (`;`-separated with decimal commas).
    #[pyo3(signature = (results, decimal_comma = false))]
    fn results_csv(&self, results: &Bound<'_, PyAny>, decimal_comma: bool) -> PyResult<String> {
        let results: Results = input("results", results)?;
        Ok(results.to_csv(&options(decimal_comma)))
    }

    /// A self-assessment report (`SelfAssessmentReport`) as an HTML page.
    #[pyo3(signature = (report, decimal_comma = false))]
    fn report_html(&self, report: &Bound<'_, PyAny>, decimal_comma: bool) -> PyResult<String> {
        let report: cchc_core::SelfAssessmentReport = input("report", report)?;
        Ok(report.to_html(&options(decimal_comma)))
    }

    /// A self-assessment report as CSV.
    #[pyo3(signature = (report, decimal_comma = false))]
    fn report_csv(&self, report: &Bound<'_, PyAny>, decimal_comma: bool) -> PyResult<String> {
        let report: cchc_core::SelfAssessmentReport = input("report", report)?;
        Ok(report.to_csv(&options(decimal_comma)))
    }

    /// How it shows in a console.
    fn __repr__(&self) -> String {
        format!("Edition(id={:?}, year={})", self.0.id(), self.0.year())
    }
}

/// The edition cchc embeds by default.
#[pyfunction]
pub fn default_edition() -> Edition {
    Edition(cchc_criteria::default_edition())
}

/// The embedded edition of this id, or `None` (ids: `EDITION_IDS`).
#[pyfunction]
pub fn edition(id: &str) -> Option<Edition> {
    cchc_criteria::edition(id).map(Edition)
}
